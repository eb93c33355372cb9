package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ttdn/monitor/index"
)

// benchWords is a small Vietnamese vocabulary to build ~400-word bodies.
var benchWords = strings.Fields(`biên giới cửa khẩu Bờ Y Ngọc Hồi Kon Tum Quảng Ngãi tuần tra cột mốc đồn biên phòng
	nhân dân xã huyện tỉnh đồng bào dân tộc Xơ Đăng Ba Na Giẻ Triêng tôn giáo nhà thờ chùa lễ hội kinh tế du lịch
	cà phê sâm Ngọc Linh đường giao thông trường học bệnh viện hợp tác Lào Campuchia thông tin báo chí phóng viên`)

func benchItem(r *rand.Rand, i int) (*index.Item, uint64) {
	var b strings.Builder
	for range 400 {
		b.WriteString(benchWords[r.IntN(len(benchWords))])
		b.WriteByte(' ')
	}
	it := article(fmt.Sprintf("bench%07d", i), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Minute))
	it.Body = b.String()
	it.ContentHash = fmt.Sprintf("%064x", r.Uint64())
	if i%3 == 0 {
		it.Hits = []index.Hit{hit("border-bo-y", "border", index.SeverityHigh)}
	}
	return it, r.Uint64()
}

// BenchmarkSaveItem measures storing one new ~400-word item (one
// transaction each, as the ingest path does).
func BenchmarkSaveItem(b *testing.B) {
	s := newStore(b)
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		it, h := benchItem(r, i)
		if err := s.SaveItem(ctx, it, h); err != nil {
			b.Fatal(err)
		}
	}
}
