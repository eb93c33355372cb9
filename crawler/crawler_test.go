package crawler_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/crawler"
	"github.com/ttdn/monitor/crawler/fetch"
	"github.com/ttdn/monitor/index"
)

const testUA = "TTDN-Monitor-Test/1.0 (+http://ttdn.test/lien-he)"

func src(name, kind, u string, origin index.Origin, country, lang string) index.Source {
	return index.Source{Name: name, Kind: kind, URL: u, Origin: origin, Country: country, Language: lang,
		Interval: 30 * time.Minute, Enabled: true}
}

// worldSources are the fixture outlets: the good ones, then the hostile.
func worldSources() []index.Source {
	ub := src("ubnd-tinh", index.KindSite, "http://ubnd.test/thong-bao/", index.OriginDomestic, "VN", "vi")
	ub.LinkSelector = ".list-news h3 a"
	return []index.Source{
		src("bao-kon-tum", index.KindFeed, "http://baokontum.test/rss/home.rss", index.OriginDomestic, "VN", "vi"),
		src("bao-gia-lai", index.KindFeed, "http://baogialai.test/feed.atom", index.OriginDomestic, "VN", "vi"),
		src("mekong-watch", index.KindFeed, "http://mekongwatch.test/rss.rdf", index.OriginForeign, "TH", ""),
		src("le-courrier", index.KindFeed, "http://lecourrier.test/feed.json", index.OriginForeign, "FR", ""),
		src("bao-cu", index.KindFeed, "http://baocu.test/rss.xml", index.OriginDomestic, "VN", "vi"),
		src("sai-ma-hoa", index.KindFeed, "http://saimahoa.test/feed.xml", index.OriginDomestic, "VN", "vi"),
		ub,
		src("mekong-wire-vi", index.KindSite, "http://vnwire.test/", index.OriginForeign, "TH", "vi"),
		src("bao-quoc-gia", index.KindFeed, "http://baoquocgia.test/rss/tin-moi.rss", index.OriginDomestic, "VN", "vi"),
		src("ha-tang-chau-a", index.KindFeed, "http://slowdown.test/feed.xml", index.OriginForeign, "SG", "en"),

		src("loi-cu-phap", index.KindFeed, "http://malformed.test/rss.xml", index.OriginDomestic, "VN", "vi"),
		src("vong-lap", index.KindFeed, "http://loop.test/feed", index.OriginDomestic, "VN", "vi"),
		src("mat-trang", index.KindFeed, "http://gone.test/rss", index.OriginDomestic, "VN", "vi"),
		src("treo", index.KindFeed, "http://stall.test/rss", index.OriginForeign, "US", "en"),
		src("nho-giot", index.KindFeed, "http://trickle.test/rss", index.OriginForeign, "US", "en"),
		src("qua-lon", index.KindFeed, "http://huge.test/rss", index.OriginForeign, "US", "en"),
		src("gioi-han", index.KindFeed, "http://ratelimit.test/rss", index.OriginForeign, "US", "en"),
		src("chong-bot", index.KindFeed, "http://challenge.test/feed.xml", index.OriginForeign, "US", "en"),
		src("khong-phai-rss", index.KindFeed, "http://notfeed.test/rss", index.OriginDomestic, "VN", "vi"),
	}
}

// hostileWant is the error each hostile source must show in its health.
var hostileWant = map[string]struct {
	kind error
	text string
}{
	"loi-cu-phap":    {text: "lỗi cú pháp"},
	"vong-lap":       {kind: fetch.ErrRedirectLoop, text: "vòng lặp"},
	"mat-trang":      {kind: fetch.ErrNotFound, text: "404"},
	"treo":           {kind: fetch.ErrTimeout, text: "không trả lời"},
	"nho-giot":       {kind: fetch.ErrTimeout, text: "không trả lời xong trong 2s"},
	"qua-lon":        {kind: fetch.ErrTooLarge, text: "body exceeds 1048576 bytes"},
	"gioi-han":       {kind: fetch.ErrRateLimited, text: "429"},
	"chong-bot":      {kind: fetch.ErrJSChallenge, text: "thử thách JavaScript"},
	"khong-phai-rss": {text: "không trả về nguồn tin"},
}

// article is what the archive must hold after the first crawl.
type article struct {
	key, source, title, lang string
	origin                   index.Origin
	published                string // RFC 3339
	author                   string
	bodyHas                  []string
}

var wantArticles = []article{
	{"http://baokontum.test/quoc-phong-an-ninh/kiem-tra-moc-quoc-gioi-bo-y-20261112.html", "bao-kon-tum", "Kiểm tra song phương hệ thống mốc quốc giới tại Cửa khẩu quốc tế Bờ Y", "vi", index.OriginDomestic, "2026-11-12T02:30:00Z", "Quang Minh", []string{"Sáng 12/11, tại Cửa khẩu quốc tế Bờ Y", "báo tin khi phát hiện dấu hiệu bất thường."}},
	{"http://baokontum.test/van-hoa/khai-mac-le-hoi-cong-chieng-20261115.html", "bao-kon-tum", "Khai mạc Lễ hội văn hóa cồng chiêng các dân tộc Tây Nguyên năm 2026", "vi", index.OriginDomestic, "2026-11-15T14:05:00Z", "Y Nhung", []string{"làng Kon Klor", "ẩm thực truyền thống"}},
	{"http://baogialai.test/thoi-su/kiem-tra-song-phuong-moc-bien-gioi-bo-y.html", "bao-gia-lai", "Việt Nam - Lào kiểm tra song phương mốc quốc giới khu vực Bờ Y", "vi", index.OriginDomestic, "2026-11-12T07:20:00Z", "Thanh Tùng", []string{"Ngày 12/11, tại Cửa khẩu quốc tế Bờ Y", "tuần tra song phương định kỳ mỗi quý", "báo tin khi phát hiện dấu hiệu bất thường."}},
	{"http://baogialai.test/kinh-te/gia-ca-phe-tang-dau-vu.html", "bao-gia-lai", "Giá cà phê vối tăng nhẹ đầu vụ thu hoạch", "vi", index.OriginDomestic, "2026-11-18T01:00:00Z", "Hoàng Anh", []string{"dao động từ 112.000 đến 115.000 đồng", "vườn già cỗi đã được thay thế."}},
	{"http://mekongwatch.test/news/bo-y-border-trade-recovers.html", "mekong-watch", "Border trade at Bo Y recovers as single window cuts waiting times", "en", index.OriginForeign, "2026-11-10T03:00:00Z", "Somchai P.", []string{"Traders at the Bo Y international border gate", "warehouses near the gate next year."}},
	{"http://mekongwatch.test/news/highlands-coffee-harvest-begins.html", "mekong-watch", "Central Highlands coffee harvest begins under clear skies", "en", index.OriginForeign, "2026-11-16T06:30:00Z", "Laura Chen", []string{"robusta coffee harvest", "for the six-week season."}},
	{"http://lecourrier.test/asie/2026/11/19/bo-y-frontiere.html", "le-courrier", "Au poste frontière de Bo Y, le commerce avec le Laos reprend des couleurs", "fr", index.OriginForeign, "2026-11-19T09:00:00Z", "Claire Dubois", []string{"les camionneurs racontent", "le respect des bornes."}},
	{"http://lecourrier.test/culture/2026/11/20/fete-des-gongs.html", "le-courrier", "Les gongs des hauts plateaux résonnent à Kon Klor", "fr", index.OriginForeign, "2026-11-20T17:45:00Z", "Julien Martin", []string{"les gongs ont résonné toute la nuit", "respectueux des traditions."}},
	{"http://baocu.test/tin/1.html", "bao-cu", "Đắk Glei: Đồng bào Xơ Đăng hân hoan mùa lúa rẫy bội thu", "vi", index.OriginDomestic, "2026-11-16T00:00:00Z", "", []string{"bà con người Xơ Đăng ở xã Đắk Glei", "bảo quản thóc được lâu hơn trong mùa mưa."}},
	{"http://baocu.test/tin/2.html", "bao-cu", "Trao bò giống giúp phụ nữ Giẻ Triêng ở Đăk Pék thoát nghèo", "vi", index.OriginDomestic, "2026-11-17T00:00:00Z", "", []string{"người Giẻ Triêng ở xã Đăk Pék", "hôn nhân cận huyết thống."}},
	{"http://saimahoa.test/giao-duc/phong-hoc-ban-tru.html", "sai-ma-hoa", "Hoàn thành 32 phòng học bán trú cho học sinh dân tộc thiểu số trước mùa mưa lũ", "vi", index.OriginDomestic, "2026-11-17T03:15:00Z", "", []string{"Trường Phổ thông dân tộc bán trú Tiểu học xã Ia Tơi"}},
	{"http://ubnd.test/thong-bao/lich-tiep-cong-dan-thang-12.html", "ubnd-tinh", "Thông báo lịch tiếp công dân định kỳ tháng 12 năm 2026", "vi", index.OriginDomestic, "2026-11-25T01:00:00Z", "Văn phòng UBND tỉnh", []string{"số 150 đường Hùng Vương", "ngay tại buổi tiếp."}},
	{"http://ubnd.test/thong-bao/tap-huan-thong-tin-doi-ngoai.html", "ubnd-tinh", "Tập huấn công tác thông tin đối ngoại năm 2026 cho cán bộ cơ sở", "vi", index.OriginDomestic, "2026-11-24T08:00:00Z", "Văn phòng UBND tỉnh", []string{"phản bác thông tin sai lệch", "trước ngày 5 tháng 12."}},
	{"http://ubnd.test/thong-bao/chu-dong-so-tan-dan-vung-sat-lo.html", "ubnd-tinh", "Chủ động sơ tán người dân khỏi vùng có nguy cơ sạt lở đất", "vi", index.OriginDomestic, "2026-11-19T09:30:00Z", "Văn phòng UBND tỉnh", []string{"sạt lở đất", "để kịp thời xử lý."}},
	{"http://vnwire.test/tin/2026/11/22/viet-lao-kiem-tra-moc-bo-y.html", "mekong-wire-vi", "Việt Nam và Lào hoàn thành kiểm tra mốc quốc giới khu vực Bờ Y", "vi", index.OriginForeign, "2026-11-21T23:00:00Z", "", []string{"Hãng tin Mekong Wire", "đại diện Bộ đội Biên phòng tỉnh cho biết."}},
	{"http://vnwire.test/tin/2026/11/23/gia-ca-phe-voi-tay-nguyen.html", "mekong-wire-vi", "Giá cà phê vối Tây Nguyên tăng nhẹ tuần đầu vụ", "vi", index.OriginForeign, "2026-11-22T23:00:00Z", "", []string{"nhu cầu từ châu Âu và Nhật Bản"}},
	{"http://baoquocgia.test/chinh-tri/phong-vien-nuoc-ngoai-tay-nguyen.html", "bao-quoc-gia", "Phóng viên nước ngoài được tạo điều kiện tác nghiệp tại Tây Nguyên", "vi", index.OriginDomestic, "2026-11-20T09:00:00Z", "", []string{"quyền tự do tín ngưỡng, tôn giáo"}},
	{"http://slowdown.test/2026/11/adb-highlands-roads", "ha-tang-chau-a", "ADB approves loan to upgrade rural roads in Vietnam's Central Highlands", "en", index.OriginForeign, "2026-11-18T02:00:00Z", "", []string{"Asian Development Bank", "report problems."}},
}

// boilerplate is page furniture that must never reach a body.
var boilerplate = []string{"Quảng cáo", "Advertisement", "Publicité", "Tin liên quan", "Related stories", "Bình luận",
	"Bài viết rất hay", "Great reporting", "Bản quyền", "All rights reserved", "Trang chủ", "Đọc nhiều", "Giấy phép", "<p>", "&amp;"}

func newTestCrawler(t *testing.T, w *world, st crawler.SourceStore, sink crawler.Sink) *crawler.Crawler {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := crawler.New(crawler.Config{
		UserAgent: testUA, Concurrency: 4, PerHostDelay: 10 * time.Millisecond,
		ConnectTimeout: time.Second, HeaderTimeout: time.Second, Timeout: 2 * time.Second,
		MaxBodyBytes: 1 << 20, RespectRobots: true, MaxRetries: 1, RetryBase: 20 * time.Millisecond,
		MaxRetryWait: 2 * time.Second, DialContext: w.dial, Logger: log,
	}, st, sink)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestCrawlWorld(t *testing.T) {
	w := newWorld(t)
	st := &memStore{sources: worldSources()}
	sink := newMemSink()
	c := newTestCrawler(t, w, st, sink)

	start := time.Now()
	rep, err := c.CrawlDue(context.Background())
	if err != nil {
		t.Fatalf("CrawlDue: %v", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("first crawl took %s, want a bounded run under 20s", d)
	}
	if got, want := len(rep.Sources), len(worldSources()); got != want {
		t.Errorf("report has %d sources, want %d", got, want)
	}
	for _, sr := range rep.Sources {
		t.Logf("%s (%s)", sr, sr.Duration.Round(time.Millisecond))
	}
	checkArticles(t, sink)
	checkHealth(t, st, rep)
	checkRequests(t, w)
	if sent := w.hugeSent.Load(); sent > 8<<20 {
		t.Errorf("the 200 MB body was read to %d bytes, want the download aborted near the 1 MiB cap", sent)
	}

	// Second crawl: every good source due again. Feeds must go out
	// conditional and answer 304; article pages already ingested are not
	// fetched again; nothing new reaches the sink.
	calls := sink.callCount()
	w.reset()
	var good []string
	for _, s := range worldSources() {
		if _, hostile := hostileWant[s.Name]; !hostile {
			good = append(good, s.Name)
		}
	}
	st.makeDue(good...)
	rep2, err := c.CrawlDue(context.Background())
	if err != nil {
		t.Fatalf("second CrawlDue: %v", err)
	}
	if got := len(rep2.Sources); got != len(good) {
		t.Errorf("second crawl crawled %d sources, want the %d due ones", got, len(good))
	}
	if got := sink.callCount() - calls; got != 0 {
		t.Errorf("second crawl handed %d items to the sink, want 0", got)
	}
	for _, sr := range rep2.Sources {
		if sr.Kind == index.KindFeed && !sr.NotModified {
			t.Errorf("%s: second crawl not answered 304", sr.Name)
		}
	}
	for _, h := range w.requests() {
		isFeed := strings.HasSuffix(h.path, ".rss") || strings.HasSuffix(h.path, ".xml") || strings.HasSuffix(h.path, ".atom") ||
			strings.HasSuffix(h.path, ".rdf") || strings.HasSuffix(h.path, ".json")
		if isFeed && !strings.Contains(h.path, "sitemap") && h.ifNoneMatch == "" {
			t.Errorf("second crawl: %s%s sent without If-None-Match", h.host, h.path)
		}
		if isFeed && !strings.Contains(h.path, "sitemap") && h.ifModifiedSince != lastModified {
			t.Errorf("second crawl: %s%s If-Modified-Since = %q, want %q", h.host, h.path, h.ifModifiedSince, lastModified)
		}
		if strings.HasPrefix(h.path, "/thong-bao/") && strings.Count(h.path, "-") > 2 || strings.HasPrefix(h.path, "/tin/") {
			t.Errorf("second crawl fetched article page %s%s again", h.host, h.path)
		}
	}
}

func checkArticles(t *testing.T, sink *memSink) {
	t.Helper()
	sink.mu.Lock()
	defer sink.mu.Unlock()
	handed := map[string]int{}
	for _, it := range sink.calls {
		handed[canonicalKey(it)]++
	}
	for _, want := range wantArticles {
		it, ok := sink.items[want.key]
		if !ok {
			t.Errorf("%s: not ingested", want.key)
			continue
		}
		if n := handed[want.key]; n != 1 {
			t.Errorf("%s: handed to the sink %d times, want once", want.key, n)
		}
		checkArticle(t, want, it)
	}
	if got, want := len(sink.items), len(wantArticles); got != want {
		for k := range sink.items {
			t.Logf("ingested %s", k)
		}
		t.Errorf("archive holds %d items, want %d", got, want)
	}
}

func checkArticle(t *testing.T, want article, it *index.Item) {
	t.Helper()
	if it.Title != want.title {
		t.Errorf("%s: title = %q, want %q", want.key, it.Title, want.title)
	}
	if it.Source != want.source || it.Origin != want.origin || it.Language != want.lang {
		t.Errorf("%s: source/origin/lang = %s/%s/%s, want %s/%s/%s", want.key, it.Source, it.Origin, it.Language, want.source, want.origin, want.lang)
	}
	if got := it.PublishedAt.UTC().Format(time.RFC3339); got != want.published {
		t.Errorf("%s: published = %s, want %s", want.key, got, want.published)
	}
	if want.author != "" && it.Author != want.author {
		t.Errorf("%s: author = %q, want %q", want.key, it.Author, want.author)
	}
	for _, s := range want.bodyHas {
		if !strings.Contains(it.Body, s) {
			t.Errorf("%s: body lacks %q; body:\n%s", want.key, s, it.Body)
		}
	}
	for _, s := range boilerplate {
		if strings.Contains(it.Body, s) {
			t.Errorf("%s: body has page furniture %q; body:\n%s", want.key, s, it.Body)
		}
	}
	if strings.Count(it.Body, "\n\n") < 2 {
		t.Errorf("%s: body has %d paragraph breaks, want the paragraphs kept", want.key, strings.Count(it.Body, "\n\n"))
	}
	if it.FetchedAt.IsZero() {
		t.Errorf("%s: FetchedAt not set", want.key)
	}
}

func checkHealth(t *testing.T, st *memStore, rep crawler.Report) {
	t.Helper()
	for _, s := range worldSources() {
		h := st.health(s.Name)
		want, hostile := hostileWant[s.Name]
		if h.LastAttempt.IsZero() || h.NextDue.IsZero() {
			t.Errorf("%s: health not saved: %+v", s.Name, h)
		}
		if !hostile {
			if h.LastError != "" || h.ConsecutiveFailures != 0 || h.LastSuccess.IsZero() || h.ItemsSeen == 0 {
				t.Errorf("%s: health = %+v, want a success with items", s.Name, h)
			}
			continue
		}
		if h.ConsecutiveFailures != 1 || !h.LastSuccess.IsZero() {
			t.Errorf("%s: failures = %d, last success %v; want 1 and none", s.Name, h.ConsecutiveFailures, h.LastSuccess)
		}
		if !strings.Contains(h.LastError, want.text) {
			t.Errorf("%s: last error = %q, want it to say %q", s.Name, h.LastError, want.text)
		}
		for _, sr := range rep.Sources {
			if sr.Name == s.Name && want.kind != nil && !errors.Is(sr.Err, want.kind) {
				t.Errorf("%s: error %v is not %v", s.Name, sr.Err, want.kind)
			}
		}
	}
	if h := st.health("gioi-han"); time.Until(h.NextDue) < 55*time.Minute {
		t.Errorf("gioi-han: next due in %s, want Retry-After (1h) honoured", time.Until(h.NextDue).Round(time.Second))
	}
	if h := st.health("mat-trang"); time.Until(h.NextDue) > 31*time.Minute {
		t.Errorf("mat-trang: first failure next due in %s, want one interval", time.Until(h.NextDue))
	}
}

func checkRequests(t *testing.T, w *world) {
	t.Helper()
	for _, h := range w.requests() {
		if h.ua != testUA {
			t.Errorf("%s%s: User-Agent %q, want %q", h.host, h.path, h.ua, testUA)
		}
		if strings.HasPrefix(h.path, "/noi-bo/") || strings.HasPrefix(h.path, "/admin") {
			t.Errorf("requested %s%s, which robots.txt disallows", h.host, h.path)
		}
	}
}
