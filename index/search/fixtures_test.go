package search

import (
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ttdn/monitor/index"
)

var ict = time.FixedZone("ICT", 7*3600)

func day(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, ict) }

// fixtures are realistic articles written for these tests: Vietnamese
// (NFC unless said otherwise), English and French, with the spelling
// variants the archive has to treat as one.
func fixtures() []*index.Item {
	return []*index.Item{
		{ID: "vi-nhan-quyen", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:   "Tọa đàm về công tác nhân quyền ở Tây Nguyên",
			Summary: "Sở Ngoại vụ tỉnh Kon Tum tổ chức tọa đàm về bảo đảm nhân quyền trong vùng đồng bào dân tộc thiểu số.",
			Body:    "Tại tọa đàm, các đại biểu đã trao đổi về những thành tựu trong công tác bảo đảm quyền con người, đấu tranh với các luận điệu xuyên tạc về tình hình nhân quyền ở huyện Ngọc Hồi và Đắk Glei.",
			Topics:  []string{"human_rights"}, Status: index.StatusFlagged, Severity: index.SeverityHigh, Flagged: true,
			Tags: []string{"toa-dam"}, PublishedAt: day(2021, 6, 1, 8, 0)},
		{ID: "vi-nhan-quyen-nfd", Source: "bao-dan-toc", Origin: index.OriginDomestic, Language: "vi",
			Title:  norm.NFD.String("BÁC BỎ LUẬN ĐIỆU SAI TRÁI VỀ NHÂN QUYỀN"),
			Body:   norm.NFD.String("Một số trang mạng nước ngoài tiếp tục đưa tin sai lệch về nhân quyền và tự do tôn giáo tại Kon Tum."),
			Topics: []string{"human_rights", "religion"}, Status: index.StatusNew, Severity: index.SeverityMedium, Flagged: true,
			PublishedAt: day(2021, 6, 30, 23, 30)},
		{ID: "vi-nhan-dan", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:  "Nhân dân có quyền giám sát việc thu hồi đất",
			Body:   "Theo luật, nhân dân được quyền giám sát; quyền lợi của nhân dân ở thành phố Kon Tum được bảo đảm. Du lịch cộng đồng phát triển.",
			Topics: []string{}, Status: index.StatusNew, PublishedAt: day(2021, 7, 1, 0, 0)},
		{ID: "vi-cross", Source: "bao-gia-lai", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Chuyển đổi mục đích sử dụng đất",
			Summary:     "Bài viết về đất của nhân",
			Body:        "quyền sử dụng đất thuộc về chủ hộ theo giấy chứng nhận.",
			Status:      index.StatusDismissed,
			PublishedAt: day(2021, 5, 31, 23, 59)},
		{ID: "vi-hoa-old", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:  "Giữ gìn hoà bình, ổn định vùng biên giới",
			Body:   "Bộ đội biên phòng phối hợp với Lào giữ gìn hoà bình trên tuyến biên giới quốc gia.",
			Topics: []string{"border"}, Status: index.StatusReviewing, Severity: index.SeverityLow,
			PublishedAt: day(2021, 3, 15, 9, 0)},
		{ID: "vi-hoa-new", Source: "bao-quang-ngai", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Hòa giải ở cơ sở",
			Body:        "Công tác hòa giải ở xã Bờ Y được triển khai; biên giới quốc phòng vững mạnh và thế giới quốc gia nào cũng cần hòa bình.",
			Status:      index.StatusNew,
			PublishedAt: day(2022, 1, 10, 10, 0)},
		{ID: "vi-dak-breve", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Huyện Đăk Tô đón nhận danh hiệu anh hùng",
			Body:        "Người dân Đăk Tô vui mừng; du lịch lịch sử ở Kon Tum có thêm điểm đến.",
			Status:      index.StatusNew,
			PublishedAt: day(2022, 2, 1, 7, 0)},
		{ID: "vi-dak-acute", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Đắk Glei mở rộng trồng sâm Ngọc Linh",
			Body:        "Người dân Đắk Glei đã trồng sâm dưới tán rừng; tỉnh khuyến khích phát triển du lịch.",
			Status:      index.StatusNew,
			PublishedAt: day(2022, 2, 2, 7, 0)},
		{ID: "en-dak", Source: "vn-express-intl", Origin: index.OriginForeign, Language: "en",
			Title:       "Ginseng farmers in Dak Glei expand plantations",
			Body:        "Farmers in Dak Glei district say the new checkpoint road helps them bring ginseng to market.",
			Status:      index.StatusNew,
			PublishedAt: day(2022, 2, 3, 7, 0)},
		{ID: "en-checkpoints", Source: "foreign-wire", Origin: index.OriginForeign, Language: "en",
			Title:  "Border checkpoints reopen between Vietnam and Laos",
			Body:   "Authorities in Kon Tum said the Bo Y international border gate and two smaller checkpoints reopened on Monday. Rights groups raised questions about religious freedom near the border.",
			Topics: []string{"border"}, Status: index.StatusFlagged, Severity: index.SeverityMedium, Flagged: true,
			PublishedAt: day(2021, 6, 15, 12, 0)},
		{ID: "fr-frontiere", Source: "journal-fr", Origin: index.OriginForeign, Language: "fr",
			Title:  "Les frontières du Vietnam avec le Laos",
			Body:   "L'armée vietnamienne surveille la frontière près de Kon Tum ; la liberté religieuse reste un sujet sensible.",
			Topics: []string{"border"}, Status: index.StatusNew, Severity: index.SeverityLow,
			PublishedAt: day(2021, 6, 20, 12, 0)},
		{ID: "vi-ton-giao-near", Source: "bao-dan-toc", Origin: index.OriginDomestic, Language: "vi",
			Title:  "Bác bỏ cáo buộc về tôn giáo",
			Body:   "Một tổ chức nước ngoài cáo buộc đàn áp tôn giáo ở Tây Nguyên, nhưng đây là thông tin bịa đặt.",
			Topics: []string{"religion"}, Status: index.StatusFlagged, Severity: index.SeverityHigh, Flagged: true,
			PublishedAt: day(2021, 8, 1, 9, 0)},
		{ID: "vi-ton-giao-mid", Source: "bao-dan-toc", Origin: index.OriginDomestic, Language: "vi",
			Title:  "Sinh hoạt tôn giáo bình thường",
			Body:   "Họ nói tôn giáo bị một số tổ chức đàn áp, điều này hoàn toàn sai sự thật.",
			Topics: []string{"religion"}, Status: index.StatusNew,
			PublishedAt: day(2021, 8, 2, 9, 0)},
		{ID: "vi-ton-giao-far", Source: "bao-dan-toc", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Lễ hội truyền thống",
			Body:        "Các hoạt động tôn giáo diễn ra sôi nổi trong dịp lễ hội của đồng bào các dân tộc ở Kon Tum, không có chuyện đàn áp.",
			Status:      index.StatusNew,
			PublishedAt: day(2021, 8, 3, 9, 0)},
		{ID: "vi-tu-do", Source: "bao-kon-tum", Origin: index.OriginDomestic, Language: "vi",
			Title:  "Tự do tín ngưỡng được tôn trọng",
			Body:   "Quyền tự do tín ngưỡng, tôn giáo của người dân được pháp luật bảo đảm.",
			Topics: []string{"religion"}, Status: index.StatusNew,
			PublishedAt: day(2021, 9, 1, 9, 0)},
		{ID: "vi-tu-doanh", Source: "bao-quang-ngai", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Kinh tế tự doanh ở vùng biển",
			Body:        "Nhiều hộ tự doanh ven biển Quảng Ngãi phát triển nghề cá.",
			Status:      index.StatusNew,
			PublishedAt: day(2021, 9, 2, 9, 0)},
		{ID: "vi-tay-nguyen-body", Source: "bao-gia-lai", Origin: index.OriginDomestic, Language: "vi",
			Title:       "Phát triển cà phê bền vững",
			Body:        "Vùng Tây Nguyên có diện tích cà phê lớn nhất cả nước; Đak Đoa là vùng trọng điểm.",
			Status:      index.StatusNew,
			PublishedAt: day(2021, 10, 1, 9, 0)},
	}
}

// openFixtures returns an index in a temporary directory holding the
// fixtures.
func openFixtures(t *testing.T) *Index {
	t.Helper()
	ix, rebuild, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if !rebuild {
		t.Errorf("Open of a new dir: needsRebuild = false, want true")
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Put(fixtures()); err != nil {
		t.Fatalf("Put: %v", err)
	}
	return ix
}
