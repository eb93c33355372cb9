package report

// reportWords are the printed report's fixed words in one language. The
// national title and motto stay in Vietnamese in every language: they
// are part of the document's form.
type reportWords struct {
	DocType, SubjectFmt, PeriodFmt                          string
	SecMonitoring, SecFigures, SecByTopic, SecBySource      string
	SecNotable, SecResponses, SecRespByKind, SecRespList    string
	SecAwaiting                                             string
	FiguresFmt, StatusFmt, NoneNotable, NoneResponses       string
	NoneAwaiting, MoreFmt, Closing, Recipients              string
	No, Title, Source, Date, Severity, Topic, Kind, Task    string
	Agency, Status, Total, Count, Others, Domestic, Foreign string
	TopicsSeverityFmt, RespMoreFmt, TasksServed             string
}

var viWords = reportWords{
	DocType:       "BÁO CÁO",
	SubjectFmt:    "Kết quả theo dõi, xử lý thông tin báo chí trong và ngoài nước về %s %s",
	PeriodFmt:     "từ ngày %s đến ngày %s",
	SecMonitoring: "I. KẾT QUẢ THEO DÕI THÔNG TIN",
	SecFigures:    "1. Số liệu chung",
	SecByTopic:    "2. Theo chủ đề và nguồn tin trong nước, nước ngoài",
	SecBySource:   "3. Theo cơ quan báo chí, nguồn tin",
	SecNotable:    "II. CÁC TIN, BÀI ĐÁNG CHÚ Ý",
	SecResponses:  "III. KẾT QUẢ XỬ LÝ, PHẢN BÁC THÔNG TIN SAI LỆCH",
	SecRespByKind: "1. Theo hình thức xử lý",
	SecRespList:   "2. Các kết quả xử lý và nhiệm vụ của Kế hoạch",
	SecAwaiting:   "IV. CÁC TIN, BÀI CHƯA ĐƯỢC XỬ LÝ",
	FiguresFmt: "Trong kỳ báo cáo (%s), đã thu thập %d tin, bài; trong đó %d tin, bài có nội dung cần lưu ý " +
		"về các chủ đề theo dõi (%d ở mức độ cao, %d ở mức độ trung bình), gồm %d tin, bài của báo chí " +
		"trong nước và %d tin, bài của báo chí nước ngoài.",
	StatusFmt:     "Đã xử lý %d tin, bài; đang chờ xử lý %d tin, bài; đã loại sau khi xem xét %d tin, bài. Đã thực hiện %d lượt xử lý trong kỳ.",
	NoneNotable:   "Trong kỳ không có tin, bài cần lưu ý.",
	NoneResponses: "Trong kỳ chưa ghi nhận kết quả xử lý.",
	NoneAwaiting:  "Không còn tin, bài chờ xử lý.",
	MoreFmt:       "… và %d tin, bài khác (xem tệp XLSX kèm theo).",
	Closing:       "Trên đây là báo cáo kết quả theo dõi, xử lý thông tin báo chí trong và ngoài nước về %s %s./.",
	Recipients:    "Nơi nhận:",
	No:            "STT", Title: "Tiêu đề", Source: "Nguồn tin", Date: "Ngày", Severity: "Mức độ",
	Topic: "Chủ đề", Kind: "Hình thức", Task: "Nhiệm vụ", Agency: "Cơ quan thực hiện", Status: "Trạng thái",
	Total: "Tổng", Count: "Số tin, bài", Others: "Các nguồn khác", Domestic: "Trong nước", Foreign: "Nước ngoài",
	TopicsSeverityFmt: "Chủ đề: %s; mức độ: %s.",
	RespMoreFmt:       "… và %d kết quả xử lý khác (xem tệp XLSX kèm theo).",
	TasksServed:       "Các nhiệm vụ của Kế hoạch đã thực hiện:",
}

var enWords = reportWords{
	DocType:       "REPORT",
	SubjectFmt:    "Monitoring and handling of domestic and foreign press coverage of %s, %s",
	PeriodFmt:     "from %s to %s",
	SecMonitoring: "I. MONITORING RESULTS",
	SecFigures:    "1. Figures",
	SecByTopic:    "2. By topic and domestic or foreign origin",
	SecBySource:   "3. By outlet",
	SecNotable:    "II. NOTABLE ITEMS",
	SecResponses:  "III. RESPONSES TO FALSE OR DISTORTED INFORMATION",
	SecRespByKind: "1. By kind",
	SecRespList:   "2. Responses and the plan tasks they served",
	SecAwaiting:   "IV. ITEMS STILL AWAITING A RESPONSE",
	FiguresFmt: "In the period (%s), %d items were collected; %d of them call for attention on the " +
		"monitored topics (%d of high and %d of medium severity): %d from domestic and %d from foreign outlets.",
	StatusFmt:     "%d items have been responded to; %d await a response; %d were dismissed after review. %d responses were made in the period.",
	NoneNotable:   "No item called for attention in the period.",
	NoneResponses: "No response was recorded in the period.",
	NoneAwaiting:  "No item awaits a response.",
	MoreFmt:       "… and %d more items (see the XLSX export).",
	Closing:       "This concludes the report on the monitoring and handling of press coverage of %s, %s./.",
	Recipients:    "Recipients:",
	No:            "No.", Title: "Title", Source: "Source", Date: "Date", Severity: "Severity",
	Topic: "Topic", Kind: "Kind", Task: "Task", Agency: "Agency", Status: "Status",
	Total: "Total", Count: "Items", Others: "Other sources", Domestic: "Domestic", Foreign: "Foreign",
	TopicsSeverityFmt: "Topics: %s; severity: %s.",
	RespMoreFmt:       "… and %d more responses (see the XLSX export).",
	TasksServed:       "Plan tasks served:",
}

func wordsFor(lang string) *reportWords {
	if lang == "en" {
		return &enWords
	}
	return &viWords
}
