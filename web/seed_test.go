package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// Pieces of generated coverage: realistic in shape, varied enough for
// facets, clusters of topics and a month of days.
var (
	genPlaces   = []string{"Kon Tum", "Ngọc Hồi", "Bờ Y", "Đắk Glei", "Sa Thầy", "Kon Plông", "Đắk Tô", "Măng Đen", "Quảng Ngãi", "Ia H'Drai"}
	genViTitles = []string{
		"Tăng cường tuần tra bảo vệ cột mốc biên giới tại %s",
		"Dư luận về thông tin sai lệch liên quan đến chủ quyền ở %s",
		"Hội thảo về bảo đảm nhân quyền cho đồng bào dân tộc thiểu số ở %s",
		"Sinh hoạt tôn giáo của bà con %s diễn ra bình thường",
		"%s: phát triển du lịch cộng đồng gắn với văn hóa cồng chiêng",
		"Mùa thu hoạch cà phê ở %s được giá",
		"Thông tin xuyên tạc về đất đai ở %s bị bác bỏ",
		"Giao lưu hữu nghị biên giới Việt Nam – Lào tại cửa khẩu %s",
	}
	genEnTitles = []string{
		"Report questions border demarcation near %s",
		"Human rights groups cite land disputes in %s",
		"Religious gatherings in %s draw thousands",
		"Coffee harvest lifts incomes in %s",
		"Tourism grows in the highlands around %s",
	}
	genViBody = "Theo phóng viên, tình hình tại %s ổn định.\n\nCác cơ quan chức năng đã kiểm tra, xác minh và cung cấp thông tin chính thức cho báo chí.\n\nNgười dân địa phương cho biết cuộc sống vẫn diễn ra bình thường."
	genEnBody = "Correspondents in %s say the situation is calm.\n\nLocal officials provided information and invited reporters to visit.\n\nResidents said daily life continues as usual."
)

// genItem makes the i-th generated article, published within the last
// spanDays days.
func genItem(r *rand.Rand, i, spanDays int) index.Item {
	place := genPlaces[r.IntN(len(genPlaces))]
	srcs := fixtureSources()
	src := srcs[r.IntN(len(srcs))]
	it := index.Item{Source: src.Name, Origin: src.Origin, Language: src.Language,
		PublishedAt: time.Now().UTC().Add(-time.Duration(r.IntN(spanDays*24*60)+30) * time.Minute), Author: "Phóng viên"}
	if src.Language == "vi" {
		it.Title = fmt.Sprintf(genViTitles[r.IntN(len(genViTitles))], place)
		it.Body = fmt.Sprintf(genViBody, place)
	} else {
		it.Title = fmt.Sprintf(genEnTitles[r.IntN(len(genEnTitles))], place)
		it.Body = fmt.Sprintf(genEnBody, place)
	}
	it.Title = fmt.Sprintf("%s (%d)", it.Title, i)
	it.Summary = it.Title
	it.URL = fmt.Sprintf("%s/%d-%s", src.URL, i, "bai-viet")
	return it
}

// seedMonth ingests n generated articles over 30 days, a response, and a
// failing source, for the screenshots.
func seedMonth(t testing.TB, e *env, n int) {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		it := genItem(r, i, 30)
		if _, err := e.g.Ingest(ctx, &it); err != nil {
			t.Fatalf("ingest generated %d: %v", i, err)
		}
	}
	if err := e.g.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
	resp := &index.Response{ItemIDs: []string{e.ids["border"], e.ids["border-copy"]}, Task: "II.6.3", Kind: index.KindRebuttal,
		Agency: "Sở Thông tin và Truyền thông", Status: index.ResponseInProgress, Date: time.Now(), URL: "https://baokontum.example.vn/phan-bac-cot-moc",
		Note: "Bài phản bác thông tin về cột mốc Bờ Y"}
	if err := e.st.CreateResponse(ctx, "chuyenvien", resp); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SaveHealth(ctx, "le-courrier", index.SourceHealth{LastAttempt: time.Now(), LastSuccess: time.Now().Add(-50 * time.Hour),
		LastError: "fetch https://courrier.example.fr/feed.xml: context deadline exceeded", ConsecutiveFailures: 4, NextDue: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := e.g.Flush(ctx, nil); err != nil {
		t.Fatal(err)
	}
}
