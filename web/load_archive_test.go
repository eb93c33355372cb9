package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ttdn/monitor/index"
	"github.com/ttdn/monitor/index/ingest"
	"github.com/ttdn/monitor/index/plan"
	"github.com/ttdn/monitor/index/search"
	"github.com/ttdn/monitor/index/store"
	"github.com/ttdn/monitor/rules"
)

// loadArchive is the archive the load benchmark serves: a real store,
// index and ingester with the built-in rule packs.
type loadArchive struct {
	st *store.Store
	ix *search.Index
	g  *ingest.Ingester
}

// loadMarker is written into the archive dir once a build completed; it
// holds the item count, so a later run with the same size reuses it.
const loadMarker = "load-archive-complete"

// openLoadArchive opens the archive of n items in dir, building it first
// unless a complete build of that size is there.
func openLoadArchive(b *testing.B, dir string, n int) *loadArchive {
	b.Helper()
	ctx := context.Background()
	complete := false
	if raw, err := os.ReadFile(filepath.Join(dir, loadMarker)); err == nil {
		complete = strings.TrimSpace(string(raw)) == strconv.Itoa(n)
	}
	if !complete {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
	}
	la := &loadArchive{}
	var err error
	if la.st, err = store.Open(ctx, filepath.Join(dir, "archive.db")); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { la.st.Close() })
	var rebuild bool
	if la.ix, rebuild, err = search.Open(filepath.Join(dir, "index.bleve")); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { la.ix.Close() })
	m := builtinMatcher(b, la.st)
	la.g = ingest.New(la.st, la.ix, m, nil)
	if complete {
		if rebuild { // the mapping changed since the archive was built
			b.Logf("rebuilding the index: %s", la.ix.RebuildReason())
			if err := la.st.ResetIndexed(ctx); err != nil {
				b.Fatal(err)
			}
			if err := la.g.Flush(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("reusing the archive of %d items in %s", n, dir)
		return la
	}
	start := time.Now()
	la.build(b, n)
	if err := os.WriteFile(filepath.Join(dir, loadMarker), []byte(strconv.Itoa(n)+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("built an archive of %d items in %s in %s", n, dir, time.Since(start).Round(time.Second))
	return la
}

// builtinMatcher records the built-in rule packs in the store, as the
// service does at start, and compiles them.
func builtinMatcher(b *testing.B, st *store.Store) ingest.Matcher {
	b.Helper()
	prof, err := rules.DefaultProfile()
	if err != nil {
		b.Fatal(err)
	}
	packs, err := rules.BuiltinPacks(prof)
	if err != nil {
		b.Fatal(err)
	}
	var all []rules.Rule
	var stored []index.Rule
	for _, p := range packs {
		for _, r := range p.Rules {
			r.Pack = p.Name
			all = append(all, r)
			stored = append(stored, index.Rule{ID: r.ID, Topic: r.Topic, Severity: index.Severity(strings.ToLower(r.Severity)),
				Languages: r.Languages, Expr: r.Expr, Description: r.Description, Enabled: r.Enabled, Pack: p.Name, Version: r.Version})
		}
	}
	if err := st.SyncBuiltinRules(context.Background(), stored); err != nil {
		b.Fatal(err)
	}
	m, err := rules.Compile(all)
	if err != nil {
		b.Fatal(err)
	}
	return ingest.RuleMatcher(m)
}

// build fills the archive: users, sources, the plan, n generated items
// over a year (one in twenty a copy of a recent story by another outlet),
// the triage an office would have done on older flagged items, and some
// responses.
func (la *loadArchive) build(b *testing.B, n int) {
	b.Helper()
	ctx := context.Background()
	la.seedAccounts(b)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { la.g.Run(runCtx, 2*time.Second); close(done) }() // index while ingesting
	r := rand.New(rand.NewPCG(7, 11))
	var recent []index.Item
	flagged := []*index.Item{}
	clusters := map[string]int{}
	outcomes := map[index.Outcome]int{}
	for i := range n {
		it := loadItem(r, i)
		if i%20 == 19 && len(recent) > 0 {
			if c, ok := copyItem(r, recent[r.IntN(len(recent))], i); ok {
				it = c
			}
		}
		out, err := la.g.Ingest(ctx, &it)
		if err != nil {
			b.Fatalf("ingest %d: %v", i, err)
		}
		outcomes[out]++
		if out != index.OutcomeCreated {
			continue
		}
		recent = append(recent, it)
		if len(recent) > 200 {
			recent = recent[1:]
		}
		if it.Flagged {
			flagged = append(flagged, &it)
		}
		if it.Cluster != "" {
			clusters[it.Cluster]++
		}
		if (i+1)%10000 == 0 {
			b.Logf("ingested %d items", i+1)
		}
	}
	stop()
	<-done
	largest := 0
	for _, k := range clusters {
		largest = max(largest, k+1)
	}
	b.Logf("ingest outcomes %v; %d flagged items, %d story clusters, the largest of %d copies", outcomes, len(flagged), len(clusters), largest)
	la.triage(b, r, flagged)
	if err := la.g.Flush(ctx, nil); err != nil {
		b.Fatal(err)
	}
}

// seedAccounts adds one user per role, the sources and the built-in plan.
func (la *loadArchive) seedAccounts(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	hash, _ := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	for _, u := range []index.User{
		{Username: "quantri", DisplayName: "Đặng Thu Hà", Role: index.RoleAdmin},
		{Username: "chuyenvien", DisplayName: "Nguyễn Văn An", Role: index.RoleAnalyst},
		{Username: "xem", DisplayName: "Trần Thị Bình", Role: index.RoleViewer},
	} {
		u.PasswordHash = string(hash)
		if err := la.st.CreateUser(ctx, "system", &u); err != nil {
			b.Fatal(err)
		}
	}
	for _, src := range loadSources() {
		if err := la.st.UpsertSource(ctx, "system", src); err != nil {
			b.Fatal(err)
		}
	}
	p, tasks, err := plan.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	if err := la.st.ImportPlan(ctx, "system", p, tasks); err != nil {
		b.Fatal(err)
	}
}

// triage gives flagged items older than two weeks the statuses analysts
// leave behind (most dismissed or kept, some answered), and records a
// response for one in fifty of the answered ones.
func (la *loadArchive) triage(b *testing.B, r *rand.Rand, flagged []*index.Item) {
	b.Helper()
	ctx := context.Background()
	cutoff := time.Now().AddDate(0, 0, -14)
	done := []index.Status{index.StatusDismissed, index.StatusDismissed, index.StatusFlagged, index.StatusResponded}
	assignees := []string{"chuyenvien", "quantri"}
	for i, it := range flagged {
		if it.PublishedAt.After(cutoff) && r.IntN(3) > 0 {
			continue // the recent queue stays mostly untouched
		}
		st := done[r.IntN(len(done))]
		if it.PublishedAt.After(cutoff) {
			st = index.StatusReviewing
		}
		a := assignees[r.IntN(len(assignees))]
		if _, err := la.st.UpdateItem(ctx, a, it.ID, index.ItemUpdate{Status: &st, Assignee: &a}); err != nil {
			b.Fatalf("triage %s: %v", it.ID, err)
		}
		if st == index.StatusResponded && i%50 == 0 {
			resp := &index.Response{ItemIDs: []string{it.ID}, Task: "II.6.3", Kind: index.KindRebuttal,
				Agency: "Sở Văn hóa, Thể thao và Du lịch", Status: index.ResponseDone, Date: it.PublishedAt.AddDate(0, 0, 2),
				Note: "Bài phản bác trên báo địa phương"}
			if err := la.st.CreateResponse(ctx, a, resp); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// loadSources are twenty outlets: the fixtures and sixteen more.
func loadSources() []index.Source {
	srcs := fixtureSources()
	for i := range 16 {
		src := index.Source{Name: fmt.Sprintf("bao-dia-phuong-%02d", i), Title: fmt.Sprintf("Báo địa phương %d", i), Kind: index.KindFeed,
			URL: fmt.Sprintf("https://bao%02d.example.vn/rss.xml", i), Origin: index.OriginDomestic, Country: "VN", Language: "vi",
			Interval: time.Hour, Enabled: true}
		if i%4 == 3 {
			src.Origin, src.Country, src.Language = index.OriginForeign, "US", "en"
			src.URL = fmt.Sprintf("https://news%02d.example.com/feed", i)
		}
		srcs = append(srcs, src)
	}
	return srcs
}

// Sentences of everyday coverage; numbers and places vary so that no two
// generated articles read alike (and do not fall into one story cluster).
var (
	loadViSentences = []string{
		"Năm nay toàn huyện %s có %d hộ dân tham gia mô hình trồng sâm Ngọc Linh dưới tán rừng.",
		"Ủy ban nhân dân xã đã tổ chức %d buổi tuyên truyền pháp luật cho bà con ở %s.",
		"Giá cà phê nhân xô tại %s dao động quanh mức %d nghìn đồng mỗi ki-lô-gam.",
		"Trường học ở %s đón %d học sinh trở lại lớp sau kỳ nghỉ.",
		"Đoàn công tác đã thăm hỏi, tặng %d suất quà cho các gia đình chính sách tại %s.",
		"Lực lượng chức năng ở %s đã hướng dẫn %d lượt người dân làm thủ tục trực tuyến.",
		"Mưa lớn kéo dài khiến %d ha lúa ở %s bị ngập úng cục bộ.",
		"Hợp tác xã nông nghiệp %s ký hợp đồng tiêu thụ %d tấn rau củ với doanh nghiệp.",
		"Trạm y tế xã ở %s đã tiêm chủng mở rộng cho %d trẻ em dưới năm tuổi.",
		"Các đội văn nghệ ở %s biểu diễn %d tiết mục cồng chiêng phục vụ du khách.",
		"Công trình đường liên thôn dài %d km ở %s đã hoàn thành và đưa vào sử dụng.",
		"Ngân hàng chính sách giải ngân %d tỷ đồng cho hộ nghèo ở %s vay vốn sản xuất.",
		"Hội nông dân %s tập huấn kỹ thuật chăm sóc cây mắc ca cho %d hội viên.",
		"Theo thống kê, %s đón khoảng %d nghìn lượt khách tham quan trong quý.",
		"Điện lực khu vực %s đã thay mới %d công tơ cho các hộ dùng điện.",
		"Người dân %s cho biết vụ mùa năm nay thu hoạch được khoảng %d tạ mỗi ha.",
		"Phiên chợ phiên ở %s có hơn %d gian hàng nông sản của đồng bào.",
		"Thư viện huyện %s bổ sung %d đầu sách cho các điểm đọc ở thôn làng.",
	}
	loadEnSentences = []string{
		"Farmers in %s said about %d households now grow coffee under shade trees.",
		"Officials in %s reported that %d students returned to school this week.",
		"A new road of %d kilometres links villages around %s to the main highway.",
		"Local markets in %s drew more than %d traders at the weekend.",
		"The district hospital in %s treated %d patients during the festival.",
		"Around %d visitors came to %s for the gong music performances.",
		"Heavy rain flooded %d hectares of rice fields near %s.",
		"A cooperative in %s signed a contract to sell %d tonnes of vegetables.",
		"Teachers in %s received %d new computers for remote lessons.",
		"Power engineers replaced %d meters in households around %s.",
	}
)

// loadViWords and loadEnWords fill a paragraph of notes in each article
// in random order, so that unrelated articles share few word pairs and
// only copies of one story fall into one story cluster, as in real
// coverage.
var (
	loadViWords = strings.Fields(`người dân cán bộ chính quyền địa phương thôn làng xã phường huyện tỉnh
		nông nghiệp cà phê cao su sâm mắc ca lúa nước rau củ chăn nuôi trồng rừng bảo vệ phát triển kinh tế
		xã hội văn hóa giáo dục y tế trường học bệnh viện đường giao thông cầu điện nước sạch nhà ở
		hộ nghèo vay vốn sản xuất hợp tác xã doanh nghiệp đầu tư du lịch cộng đồng lễ hội cồng chiêng
		thanh niên phụ nữ người cao tuổi học sinh giáo viên bác sĩ thu hoạch mùa vụ thời tiết mưa nắng
		họp bàn triển khai kế hoạch kiểm tra hướng dẫn tập huấn hỗ trợ thăm hỏi tặng quà biểu dương
		khen thưởng thống kê báo cáo tổng kết năm tháng tuần sáng chiều tối ngày hôm qua nay
		tăng giảm ổn định bình thường thuận lợi khó khăn nhanh chóng kịp thời hiệu quả tích cực`)
	loadEnWords = strings.Fields(`residents officials village district province farmers coffee rubber
		rice vegetables livestock forest school hospital road bridge electricity water housing loans
		cooperative company investment tourism community festival youth women elderly students teachers
		doctors harvest season weather rain sun meeting plan inspection training support visit gifts
		award report statistics year month week morning evening yesterday today increase decrease stable
		normal favourable difficult quickly timely effective market price income program project`)
)

// loadItem makes the i-th generated article: a title from the templates
// of seed_test.go, two to four sentences of everyday coverage, and a
// paragraph of notes, published within the last year.
func loadItem(r *rand.Rand, i int) index.Item {
	srcs := loadSources()
	src := srcs[r.IntN(len(srcs))]
	place := genPlaces[r.IntN(len(genPlaces))]
	it := index.Item{Source: src.Name, Origin: src.Origin, Language: src.Language, Author: "Phóng viên",
		PublishedAt: time.Now().UTC().Add(-time.Duration(r.IntN(365*24*60)+30) * time.Minute)}
	titles, pool, words, notes := genViTitles, loadViSentences, loadViWords, "Ghi nhận thêm:"
	if src.Language == "en" {
		titles, pool, words, notes = genEnTitles, loadEnSentences, loadEnWords, "Notes:"
	}
	it.Title = fmt.Sprintf(titles[r.IntN(len(titles))], place) + fmt.Sprintf(" (%d)", i)
	var body strings.Builder
	for k := range 2 + r.IntN(3) {
		if k > 0 {
			body.WriteString(" ")
		}
		body.WriteString(fmt.Sprintf(pool[r.IntN(len(pool))], genPlaces[r.IntN(len(genPlaces))], 2+r.IntN(5000)))
	}
	body.WriteString("\n\n" + notes)
	for range 90 + r.IntN(80) {
		body.WriteString(" " + words[r.IntN(len(words))])
	}
	body.WriteString(".")
	it.Body = body.String()
	it.URL = fmt.Sprintf("%s/%d-bai-viet", strings.TrimSuffix(src.URL, "/"), i)
	return it
}

// copyItem is another outlet in the same language carrying the story of
// orig a few hours later, with a credit line: one story cluster. It is
// false when no other outlet writes in that language.
func copyItem(r *rand.Rand, orig index.Item, i int) (index.Item, bool) {
	var others []index.Source
	for _, src := range loadSources() {
		if src.Name != orig.Source && src.Language == orig.Language {
			others = append(others, src)
		}
	}
	if len(others) == 0 {
		return index.Item{}, false
	}
	src := others[r.IntN(len(others))]
	return index.Item{Source: src.Name, Origin: src.Origin, Language: src.Language, Author: orig.Author,
		Title: orig.Title, Body: orig.Body + "\n\n(Theo " + orig.Source + ")",
		PublishedAt: orig.PublishedAt.Add(time.Duration(1+r.IntN(6)) * time.Hour),
		URL:         fmt.Sprintf("%s/%d-dua-lai", strings.TrimSuffix(src.URL, "/"), i)}, true
}
