package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium: a PDF was asked for but no Chromium or Chrome binary is
// on the PATH.
var ErrNoChromium = errors.New("pdf export needs Chromium: install it (Debian: apt-get install chromium) or export html and print it from a browser")

// chromiumNames are the binaries tried, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless-shell"}

// findChromium returns the path of the first Chromium found, or
// ErrNoChromium.
func findChromium() (string, error) {
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// pdfTimeout bounds one print: starting the browser, laying out, printing.
const pdfTimeout = 2 * time.Minute

// writePDF renders the printed report's HTML and prints it to PDF with
// headless Chromium, honouring the page size, margins and page-number
// boxes of its print stylesheet.
func writePDF(ctx context.Context, w io.Writer, src Source, q Query, lh Letterhead, progress func(done, total int)) error {
	exe, err := findChromium()
	if err != nil {
		return err
	}
	var html bytes.Buffer
	if err := writeHTML(ctx, &html, src, q, lh, progress); err != nil {
		return err
	}
	pdf, err := printPDF(ctx, exe, html.String())
	if err != nil {
		return err
	}
	if _, err := w.Write(pdf); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// printPDF loads html into a fresh headless Chromium and prints it.
func printPDF(ctx context.Context, exe, html string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // containers and CI run as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	err := chromedp.Do(bctx,
		chromedp.Navigate("about:blank"),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
			if err != nil {
				return err
			}
			_, err = chromedp.Call(ctx, page.SetDocumentContent, page.SetDocumentContentParams{
				FrameID: tree.FrameTree.Frame.ID, HTML: html,
			})
			return err
		}),
	)
	if err == nil {
		// Wait for the fonts before laying out the pages.
		_, err = chromedp.Run(bctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	}
	var pdf []byte
	if err == nil {
		pdf, err = chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPaper(chromedp.PaperA4)))
	}
	if err != nil {
		return nil, fmt.Errorf("print pdf with %s: %w", exe, err)
	}
	return pdf, nil
}
