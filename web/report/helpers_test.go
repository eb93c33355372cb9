package report

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/plan"
	"github.com/ttdn/monitor/index/store"
)

// ict is Vietnam's time zone (UTC+7, no daylight saving).
var ict = time.FixedZone("ICT", 7*3600)

// Titles the tests look for verbatim.
const (
	titleBorder    = "Bộ đội Biên phòng Kon Tum bác bỏ thông tin sai lệch về cột mốc biên giới ở cửa khẩu Bờ Y"
	titleFormula   = `=HYPERLINK("http://evil.example/","Bấm vào đây để xem")`
	titleHTML      = `<script>alert("x")</script> Tôn giáo ở Tây Nguyên & “tự do” <b>đậm</b>`
	titleEnglish   = "Rights groups criticise land disputes in Vietnam's Central Highlands"
	titleDismissed = "Lễ hội cồng chiêng Tây Nguyên thu hút du khách tới Măng Đen"
)

func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "archive.db"))
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	p, tasks, err := plan.Builtin()
	if err != nil {
		tb.Fatalf("builtin plan: %v", err)
	}
	if err := st.ImportPlan(ctx, "test", p, tasks); err != nil {
		tb.Fatalf("import plan: %v", err)
	}
	return st
}

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ict) }

func hitOf(topic string, sev index.Severity, terms ...string) index.Hit {
	h := index.Hit{RuleID: topic + "-1", RuleVersion: 1, Topic: topic, Severity: sev}
	for i, t := range terms {
		h.Matches = append(h.Matches, index.Match{Field: "body", Term: t, Start: i * 10, End: i*10 + len(t)})
	}
	return h
}

// fixtureItem is a flagged (or not) article for the test archive.
func fixtureItem(id, source string, origin index.Origin, title string, published time.Time, hits ...index.Hit) *index.Item {
	url := "https://" + source + ".example/tin/" + id + ".html"
	return &index.Item{
		ID: id, URL: url, CanonicalURL: url, Source: source, Origin: origin, Title: title,
		Summary:     "Ngày " + published.Format("02/01") + ", tại huyện Ngọc Hồi (nay thuộc tỉnh Quảng Ngãi), lực lượng chức năng đã kiểm tra hệ thống mốc quốc giới và làm việc với chính quyền xã Bờ Y về các thông tin đăng tải trên mạng.",
		PublishedAt: published.UTC(), FetchedAt: published.UTC().Add(time.Hour),
		Language: "vi", ContentHash: "h-" + id, Hits: hits,
	}
}

// fixture builds a small archive on the real store: six flagged items in
// the first half of 2026 (two copies of one story among them), one
// flagged item just outside it, one unflagged, and two responses.
func fixture(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st := openStore(tb)
	for _, src := range []index.Source{
		{Name: "bao-kon-tum", Title: "Báo Kon Tum", Kind: index.KindFeed, URL: "https://bao-kon-tum.example/rss", Origin: index.OriginDomestic, Enabled: true},
		{Name: "rfa-example", Title: "RFA Tiếng Việt", Kind: index.KindFeed, URL: "https://rfa-example.example/rss", Origin: index.OriginForeign, Enabled: true},
	} {
		if err := st.UpsertSource(ctx, "admin", src); err != nil {
			tb.Fatalf("upsert source: %v", err)
		}
	}
	items := []*index.Item{
		fixtureItem("a1", "bao-kon-tum", index.OriginDomestic, titleBorder, at(2026, 1, 5, 8),
			hitOf("border", index.SeverityHigh, "cột mốc", "Bờ Y")),
		fixtureItem("a2", "bao-gia-lai", index.OriginDomestic, titleBorder+" (bài đăng lại)", at(2026, 1, 6, 9),
			hitOf("border", index.SeverityMedium, "cột mốc")),
		fixtureItem("b1", "rfa-example", index.OriginForeign, titleFormula, at(2026, 2, 14, 10),
			hitOf("human_rights", index.SeverityMedium, "nhân quyền")),
		fixtureItem("c1", "voa-example", index.OriginForeign, titleHTML, at(2026, 3, 9, 15),
			hitOf("religion", index.SeverityHigh, "tôn giáo", "đàn áp")),
		fixtureItem("d1", "hrw-example", index.OriginForeign, titleEnglish, at(2026, 6, 14, 23),
			hitOf("human_rights", index.SeverityMedium, "human rights"), hitOf("border", index.SeverityLow, "Central Highlands")),
		fixtureItem("e1", "bao-kon-tum", index.OriginDomestic, titleDismissed, at(2026, 4, 2, 7),
			hitOf("religion", index.SeverityMedium, "tôn giáo")),
		// out of range: 15/06 00:30 in Vietnam, 14/06 in UTC
		fixtureItem("x1", "rfa-example", index.OriginForeign, "Tin ngoài kỳ báo cáo", time.Date(2026, 6, 15, 0, 30, 0, 0, ict),
			hitOf("border", index.SeverityHigh, "biên giới")),
		// not flagged: a low hit only
		fixtureItem("y1", "bao-kon-tum", index.OriginDomestic, "Kon Tum đón khách du lịch dịp Tết", at(2026, 2, 1, 7),
			hitOf("border", index.SeverityLow, "Kon Tum")),
	}
	items[3].Summary = ""
	items[3].Body = "Một số trang mạng nước ngoài đăng tải thông tin xuyên tạc về tình hình tôn giáo ở Tây Nguyên. Ban Tôn giáo tỉnh đã làm rõ các hoạt động tín ngưỡng diễn ra bình thường."
	for _, it := range items {
		if err := st.SaveItem(ctx, it, 0); err != nil {
			tb.Fatalf("save %s: %v", it.ID, err)
		}
	}
	for _, c := range []struct{ id, cluster string }{{"a1", "story-bo-y"}, {"a2", "story-bo-y"}} {
		if err := st.SetCluster(ctx, c.id, c.cluster); err != nil {
			tb.Fatalf("set cluster: %v", err)
		}
	}
	for id, s := range map[string]index.Status{"e1": index.StatusDismissed, "c1": index.StatusReviewing} {
		if _, err := st.UpdateItem(ctx, "analyst", id, index.ItemUpdate{Status: &s}); err != nil {
			tb.Fatalf("update %s: %v", id, err)
		}
	}
	if err := st.AddTags(ctx, "analyst", "a1", []string{"biên giới", "đã phản bác"}); err != nil {
		tb.Fatalf("tags: %v", err)
	}
	for _, r := range []*index.Response{
		{ItemIDs: []string{"a1", "a2"}, Task: "II.6.3", Kind: index.KindRebuttal, Agency: "Báo Kon Tum",
			Status: index.ResponseDone, Date: at(2026, 1, 7, 9), URL: "https://baokontum.example/phan-bac.html",
			Note: "-Đăng bài phản bác trên trang nhất"},
		{ItemIDs: []string{"b1"}, Task: "II.6.2", Kind: index.KindReportAuthority, Agency: "Sở Thông tin và Truyền thông",
			Status: index.ResponseInProgress, Date: at(2026, 2, 20, 14)},
	} {
		if err := st.CreateResponse(ctx, "analyst", r); err != nil {
			tb.Fatalf("create response: %v", err)
		}
	}
	return st
}

// h1Query is the first half of 2026 in Vietnam.
func h1Query(format string) Query {
	return Query{From: time.Date(2025, 12, 5, 0, 0, 0, 0, ict), To: time.Date(2026, 6, 14, 0, 0, 0, 0, ict),
		Format: format, Period: "6 tháng đầu năm 2026"}
}

func testLetterhead() Letterhead {
	return Letterhead{
		ParentBody: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", IssuingBody: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
		NumberPrefix: "BC-SVHTTDL", Place: "Quảng Ngãi", Date: time.Date(2026, 6, 5, 9, 0, 0, 0, ict),
		Area: "tỉnh Quảng Ngãi (địa bàn tỉnh Kon Tum cũ)", SignerAuthority: "KT. GIÁM ĐỐC", SignerTitle: "PHÓ GIÁM ĐỐC",
		SignerName: "Nguyễn Văn An",
		Recipients: []string{"UBND tỉnh (b/c);", "Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c);", "Giám đốc Sở;", "Lưu: VT, TTBCXB."},
	}
}

// The store is what exports read.
var _ Source = (*store.Store)(nil)
var _ SourceLister = (*store.Store)(nil)
