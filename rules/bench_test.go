package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchText is ordinary provincial news prose; benchDoc repeats and
// shuffles its sentences into a 500-word article.
var benchText = []string{
	"Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm tới.",
	"Lực lượng biên phòng phối hợp với chính quyền xã tuần tra, kiểm soát đường biên, cột mốc trên tuyến biên giới Việt Nam – Lào.",
	"Giá cà phê tươi tại các huyện phía bắc tăng mạnh, nhiều hộ đồng bào dân tộc thiểu số có thu nhập khá.",
	"Đoàn công tác đã kiểm tra tiến độ thi công tuyến đường nối trung tâm xã với các thôn vùng sâu, vùng xa.",
	"Các đại biểu thảo luận về chính sách hỗ trợ nhà ở, nước sạch và chuyển đổi số cho người dân vùng biên giới.",
	"Mùa mưa năm nay đến sớm, nguy cơ sạt lở đất và lũ quét ở các xã miền núi được cảnh báo ở mức cao.",
	"Nhà trường phối hợp với phụ huynh vận động học sinh ra lớp đầy đủ sau kỳ nghỉ Tết Nguyên đán.",
	"Du khách đến Măng Đen dịp cuối tuần tăng gấp đôi, các cơ sở lưu trú gần như kín phòng.",
	"Hội nghị nhấn mạnh yêu cầu chủ động cung cấp thông tin, phản bác kịp thời các luận điệu xuyên tạc.",
	"Người có uy tín trong cộng đồng được mời tham gia hòa giải các vụ tranh chấp đất đai ở thôn.",
}

func benchDoc(words int) Doc {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	n := 0
	for n < words {
		s := benchText[r.IntN(len(benchText))]
		b.WriteString(s)
		b.WriteByte(' ')
		n += len(strings.Fields(s))
	}
	return Doc{Title: "Tin tổng hợp trong tỉnh", Summary: benchText[0], Body: b.String(), Language: "vi"}
}

// benchSyllables are real Vietnamese syllables; generated rules combine
// them into phrases, as analysts' rules do ("đất rẫy", "khai thác gỗ").
var benchSyllables = strings.Fields(`an anh ba bác bản bảo bắt bên biên bình bộ cán cao cảnh
	cây chế chi chính chủ công cơ cửa dân dịch dự đại đảng đất điện đoàn đồng đường gia giá giáo
	giới hàng hành hạt hệ hiện hoa học hội hợp khai khẩu khoa kinh lâm lao lễ liên lực lượng mạng
	minh mới nam năng nghề ngoại nguyên nhà nhân nông nước phát phòng phố quân quản quốc quyền
	rừng sản sinh sông tài tâm tân thác thành thị thông thuế thương tiền tín tổ tôn trái trung
	trường tự văn việt vùng xã xây xuất y yên`)

// genRules makes n rules of the shape analysts write: phrases ORed,
// ANDed with another group, sometimes a prefix and a NOT.
func genRules(n int) []Rule {
	r := rand.New(rand.NewPCG(3, 4))
	phrase := func() string {
		k := 2 + r.IntN(2)
		w := make([]string, k)
		for i := range w {
			w[i] = benchSyllables[r.IntN(len(benchSyllables))]
		}
		return `"` + strings.Join(w, " ") + `"`
	}
	rules := make([]Rule, n)
	for i := range rules {
		pre := benchSyllables[r.IntN(len(benchSyllables))]
		for len([]rune(pre)) < 2 {
			pre = benchSyllables[r.IntN(len(benchSyllables))]
		}
		expr := fmt.Sprintf("(%s OR %s) AND (%s OR %s*)", phrase(), phrase(), phrase(), pre)
		if i%4 == 0 {
			expr += " AND NOT " + phrase()
		}
		rules[i] = Rule{ID: fmt.Sprint("gen.", i), Topic: "t", Severity: "low", Expr: expr, Enabled: true}
	}
	return rules
}

// BenchmarkMatch measures one 500-word document against n generated
// rules; the time per document must stay flat as n grows.
// Run: go test ./rules -run '^$' -bench Match -benchtime 2s -cpu 1
func BenchmarkMatch(b *testing.B) {
	d := benchDoc(500)
	for _, n := range []int{100, 1000, 10000} {
		m, err := Compile(genRules(n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			hits := 0
			for b.Loop() {
				hits += len(m.Match(d))
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/doc")
		})
	}
}

// BenchmarkBuiltin measures the built-in packs on the same document.
func BenchmarkBuiltin(b *testing.B) {
	p, err := DefaultProfile()
	if err != nil {
		b.Fatal(err)
	}
	packs, err := BuiltinPacks(p)
	if err != nil {
		b.Fatal(err)
	}
	var all []Rule
	for _, pk := range packs {
		all = append(all, pk.Rules...)
	}
	m, err := Compile(all)
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(500)
	for b.Loop() {
		m.Match(d)
	}
}

// BenchmarkTokenize isolates the per-document cost every rule set pays.
func BenchmarkTokenize(b *testing.B) {
	d := benchDoc(500)
	for b.Loop() {
		Tokenize(d.Body)
	}
}
