package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors of the fetch layer; every error Fetch returns is an
// *Error that matches one of these under errors.Is. Their texts, and the
// texts of *Error, are written for the staff who read a source's health.
var (
	ErrStatus            = errors.New("máy chủ trả lỗi")
	ErrNotFound          = errors.New("không tìm thấy trang")
	ErrRateLimited       = errors.New("máy chủ yêu cầu tải chậm lại")
	ErrTooLarge          = errors.New("nội dung quá lớn")
	ErrTimeout           = errors.New("quá thời gian chờ")
	ErrRedirectLoop      = errors.New("chuyển hướng vòng lặp")
	ErrTooManyRedirects  = errors.New("quá nhiều lần chuyển hướng")
	ErrDisallowed        = errors.New("robots.txt không cho phép")
	ErrRobotsUnavailable = errors.New("không đọc được robots.txt")
	ErrJSChallenge       = errors.New("trang thử thách JavaScript chống bot")
	ErrNetwork           = errors.New("lỗi kết nối")
)

// Error is a failed fetch: which kind (one of the sentinels), for which
// URL, the HTTP status when there was one, and the underlying cause.
type Error struct {
	Kind       error
	URL        string
	Status     int
	Limit      int64         // ErrTooLarge: the cap in bytes
	Timeout    time.Duration // ErrTimeout: the limit that ran out
	RetryAfter time.Duration // ErrRateLimited: what the server asked for
	Err        error
}

// Error says in plain words what went wrong.
func (e *Error) Error() string {
	var msg string
	switch e.Kind {
	case ErrStatus, ErrNotFound:
		msg = fmt.Sprintf("máy chủ trả lỗi %d (%s)", e.Status, statusText(e.Status))
	case ErrRateLimited:
		msg = fmt.Sprintf("máy chủ yêu cầu tải chậm lại (%d), chờ %s", e.Status, e.RetryAfter.Round(time.Second))
	case ErrTooLarge:
		msg = fmt.Sprintf("nội dung vượt quá %d byte, đã ngừng tải (body exceeds %d bytes)", e.Limit, e.Limit)
	case ErrTimeout:
		msg = fmt.Sprintf("máy chủ không trả lời xong trong %s (quá thời gian chờ)", e.Timeout)
	case ErrRedirectLoop:
		msg = "chuyển hướng vòng lặp (redirect loop)"
	case ErrTooManyRedirects:
		msg = "quá nhiều lần chuyển hướng"
	case ErrDisallowed:
		msg = "robots.txt của trang không cho phép tải địa chỉ này"
	case ErrRobotsUnavailable:
		msg = "không đọc được robots.txt của trang"
	case ErrJSChallenge:
		msg = "trang trả về thử thách JavaScript chống bot thay vì nội dung"
	case ErrNetwork:
		msg = "không kết nối được tới máy chủ"
	default:
		msg = e.Kind.Error()
	}
	if e.Err != nil && e.Kind != ErrStatus && e.Kind != ErrNotFound && e.Kind != ErrTooLarge &&
		e.Kind != ErrTimeout && e.Kind != ErrJSChallenge {
		msg += ": " + e.Err.Error()
	}
	if e.URL != "" {
		msg += " — " + e.URL
	}
	return msg
}

// Unwrap exposes both the kind and the cause to errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// statusError turns a non-success status into an *Error.
func statusError(url string, status int, retryAfter time.Duration) *Error {
	e := &Error{Kind: ErrStatus, URL: url, Status: status}
	switch {
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Kind = ErrNotFound
	case status == http.StatusTooManyRequests || (status == http.StatusServiceUnavailable && retryAfter > 0):
		e.Kind = ErrRateLimited
		e.RetryAfter = retryAfter
	}
	return e
}

// RetryAfterOf returns how long the server asked to wait when err is a
// rate-limit error, and 0 otherwise.
func RetryAfterOf(err error) time.Duration {
	var fe *Error
	if errors.As(err, &fe) && fe.Kind == ErrRateLimited {
		return fe.RetryAfter
	}
	return 0
}

// statusText names the common statuses in Vietnamese, others in English.
func statusText(code int) string {
	switch code {
	case http.StatusNotFound:
		return "không tìm thấy trang"
	case http.StatusGone:
		return "trang đã bị gỡ"
	case http.StatusForbidden:
		return "bị từ chối truy cập"
	case http.StatusUnauthorized:
		return "cần đăng nhập"
	case http.StatusInternalServerError:
		return "lỗi nội bộ máy chủ"
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return "cổng trung gian lỗi"
	case http.StatusServiceUnavailable:
		return "máy chủ tạm ngừng phục vụ"
	}
	return http.StatusText(code)
}
