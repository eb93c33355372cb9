package searchtest

// Word lists written for the generator. They are common Vietnamese words
// of press Vietnamese, place names of the former Kon Tum province (now in
// Quảng Ngãi) and its neighbours, and plain English and French news words;
// the generator draws from them by a Zipf law when the Vietnamese sentence
// corpus is absent, and always for English and French.

var viWords = []string{
	"của", "và", "các", "có", "là", "được", "trong", "cho", "đã", "với",
	"người", "những", "không", "một", "này", "để", "tại", "về", "từ", "theo",
	"năm", "đến", "khi", "ngày", "trên", "cũng", "tỉnh", "huyện", "xã", "dân",
	"công", "tác", "phát", "triển", "kinh", "tế", "xã hội", "chính", "quyền", "địa phương",
	"nhân dân", "cán bộ", "đồng bào", "dân tộc", "thiểu số", "biên phòng", "bộ đội", "lực lượng", "an ninh", "trật tự",
	"quốc phòng", "đường", "giao thông", "nông thôn", "mới", "chương trình", "mục tiêu", "quốc gia", "giảm nghèo", "bền vững",
	"sản xuất", "nông nghiệp", "cà phê", "cao su", "sâm", "rừng", "bảo vệ", "trồng", "thu hoạch", "giá",
	"học sinh", "trường", "giáo dục", "y tế", "bệnh viện", "sức khỏe", "tiêm", "vắc xin", "dịch", "phòng chống",
	"thông tin", "báo chí", "tuyên truyền", "đối ngoại", "hợp tác", "quốc tế", "Lào", "Campuchia", "cửa khẩu", "hàng hóa",
	"xuất khẩu", "doanh nghiệp", "đầu tư", "dự án", "vốn", "ngân sách", "kế hoạch", "triển khai", "thực hiện", "kết quả",
	"hội nghị", "tổng kết", "đánh giá", "chỉ đạo", "ủy ban", "hội đồng", "Đảng", "bí thư", "chủ tịch", "phó",
	"lễ hội", "văn hóa", "truyền thống", "cồng chiêng", "nhà rông", "du lịch", "khách", "điểm đến", "homestay", "làng",
	"mưa", "lũ", "sạt lở", "thiên tai", "hỗ trợ", "khắc phục", "thiệt hại", "hộ", "gia đình", "cứu trợ",
	"điện", "nước", "sạch", "thủy điện", "hồ", "sông", "suối", "cầu", "xây dựng", "công trình",
	"vi phạm", "xử lý", "pháp luật", "tòa án", "công an", "điều tra", "bắt giữ", "đối tượng", "ma túy", "gỗ",
	"tình hình", "ổn định", "đoàn kết", "vững mạnh", "nâng cao", "đời sống", "thu nhập", "việc làm", "lao động", "thanh niên",
	"phụ nữ", "trẻ em", "người già", "chính sách", "ưu đãi", "tín dụng", "ngân hàng", "vay", "hộ nghèo", "cận nghèo",
	"thôn", "làng", "buôn", "già làng", "người uy tín", "cộng đồng", "sinh hoạt", "tín ngưỡng", "tự do", "pháp lý",
	"sáng", "chiều", "tối", "hôm nay", "tuần", "tháng", "quý", "nhiệm kỳ", "giai đoạn", "trước",
	"sau", "nhiều", "ít", "lớn", "nhỏ", "cao", "thấp", "tốt", "khó khăn", "thuận lợi",
	"tăng", "giảm", "đạt", "vượt", "so với", "cùng kỳ", "tỷ lệ", "phần trăm", "triệu đồng", "tỷ đồng",
	"đoàn", "đại biểu", "thăm", "làm việc", "trao", "tặng", "quà", "học bổng", "khen thưởng", "kỷ niệm",
}

// places are written as the press writes them, with the spelling
// variants analysts meet; share is the fraction of documents naming them.
var places = []struct {
	names []string
	share float64
}{
	{[]string{"Kon Tum"}, 0.40},
	{[]string{"Kontum", "KON TUM"}, 0.03},
	{[]string{"Quảng Ngãi"}, 0.15},
	{[]string{"Tây Nguyên"}, 0.12},
	{[]string{"Ngọc Hồi", "Ngoc Hoi"}, 0.10},
	{[]string{"Đắk Glei", "Đăk Glei", "Dak Glei"}, 0.08},
	{[]string{"Đăk Tô", "Đắk Tô"}, 0.06},
	{[]string{"Sa Thầy"}, 0.05},
	{[]string{"Bờ Y"}, 0.04},
	{[]string{"Kon Plông"}, 0.03},
	{[]string{"Ia H'Drai"}, 0.02},
	{[]string{"Ngọc Linh"}, 0.03},
}

// topicPhrases are the words the rule packs look for, with the topic they
// point to and the share of Vietnamese documents using them.
var topicPhrases = []struct {
	text, topic string
	share       float64
}{
	{"biên giới", "border", 0.08},
	{"chủ quyền", "border", 0.04},
	{"cắm mốc", "border", 0.01},
	{"nhân quyền", "human_rights", 0.04},
	{"quyền con người", "human_rights", 0.02},
	{"tôn giáo", "religion", 0.06},
	{"tự do tôn giáo", "religion", 0.02},
	{"đàn áp", "religion", 0.01},
}

var enWords = []string{
	"the", "of", "and", "to", "in", "a", "said", "on", "for", "that",
	"is", "was", "with", "by", "as", "at", "from", "it", "has", "have",
	"province", "government", "officials", "people", "local", "district", "border", "Vietnam", "Vietnamese", "Laos",
	"Cambodia", "highlands", "central", "authorities", "police", "security", "rights", "human", "religious", "freedom",
	"church", "pagoda", "ethnic", "minority", "minorities", "groups", "report", "reports", "reported", "according",
	"year", "years", "month", "week", "new", "more", "than", "two", "three", "many",
	"coffee", "rubber", "ginseng", "farmers", "forest", "forests", "land", "road", "roads", "bridge",
	"trade", "exports", "investment", "projects", "project", "company", "companies", "market", "markets", "prices",
	"checkpoint", "checkpoints", "gate", "gates", "crossing", "troops", "guards", "patrol", "patrols", "sovereignty",
	"activists", "arrested", "detained", "court", "trial", "sentenced", "charges", "law", "laws", "decree",
	"schools", "students", "hospital", "health", "vaccine", "flood", "floods", "landslides", "rain", "storm",
	"tourism", "tourists", "festival", "culture", "villages", "village", "community", "communities", "leaders", "leader",
	"would", "could", "also", "but", "not", "which", "their", "its", "after", "before",
	"however", "while", "during", "against", "between", "under", "over", "about", "into", "since",
}

var frWords = []string{
	"le", "la", "les", "de", "des", "du", "et", "à", "en", "un",
	"une", "dans", "pour", "sur", "par", "avec", "est", "sont", "a", "ont",
	"frontière", "frontières", "province", "autorités", "gouvernement", "minorités", "ethniques", "liberté", "religieuse", "droits",
	"homme", "hauts", "plateaux", "Vietnam", "vietnamien", "vietnamienne", "Laos", "Cambodge", "armée", "police",
	"café", "caoutchouc", "forêt", "paysans", "village", "villages", "route", "commerce", "marché", "prix",
	"selon", "rapport", "année", "mois", "nouveaux", "nouvelle", "plusieurs", "entre", "après", "avant",
}
