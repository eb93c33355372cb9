package report

// labels holds the words of one language.
type labels struct {
	itemColumns     []string
	responseColumns []string
	sheets          [3]string // items, responses, summary
	kind            map[string]string
	respStatus      map[string]string
	status          map[string]string
	origin          map[string]string
	severity        map[string]string
	topic           map[string]string
	text            map[string]string // words of the summary sheet and the printed report
}

func labelsFor(lang string) *labels {
	if lang == "en" {
		return &enLabels
	}
	return &viLabels
}

// word returns the label for key in m, or key itself when m has none
// (a topic the admin added, say).
func word(m map[string]string, key string) string {
	if w, ok := m[key]; ok {
		return w
	}
	return key
}

var viLabels = labels{
	itemColumns: []string{"Ngày đăng", "Nguồn tin", "Trong nước/Nước ngoài", "Tiêu đề", "Đường dẫn",
		"Chủ đề", "Mức độ", "Trạng thái", "Nhãn", "Từ khóa khớp", "Số tin cùng nội dung", "Kết quả xử lý"},
	responseColumns: []string{"Ngày", "Hình thức xử lý", "Nhiệm vụ", "Tên nhiệm vụ", "Cơ quan thực hiện",
		"Trạng thái", "Số tin liên quan", "Tin liên quan", "Đường dẫn", "Ghi chú", "Người ghi nhận"},
	sheets: [3]string{"Tin bài", "Xử lý", "Tổng hợp"},
	kind: map[string]string{
		"rebuttal": "Bài viết phản bác", "statement": "Thông cáo, phát ngôn chính thức",
		"report_authority": "Báo cáo cơ quan có thẩm quyền", "correction_request": "Đề nghị cải chính, gỡ bỏ",
		"briefing": "Thông tin nội bộ", "no_action": "Không cần xử lý",
	},
	respStatus: map[string]string{"planned": "Dự kiến", "in_progress": "Đang thực hiện", "done": "Đã hoàn thành"},
	status: map[string]string{"new": "Mới", "reviewing": "Đang xem xét", "flagged": "Cần xử lý",
		"responded": "Đã xử lý", "dismissed": "Đã loại"},
	origin:   map[string]string{"domestic": "Trong nước", "foreign": "Nước ngoài"},
	severity: map[string]string{"low": "Thấp", "medium": "Trung bình", "high": "Cao"},
	topic: map[string]string{"border": "Biên giới, chủ quyền", "human_rights": "Nhân quyền", "religion": "Tôn giáo",
		"province": "Thông tin về tỉnh"},
	text: map[string]string{
		"period": "Thời gian", "filters": "Điều kiện lọc", "generated": "Lập lúc",
		"by_topic_origin": "Số tin theo chủ đề và nguồn trong nước/nước ngoài", "topic": "Chủ đề",
		"total": "Tổng", "by_source": "Số tin theo nguồn tin", "source": "Nguồn tin", "count": "Số tin",
		"by_task": "Số tin và kết quả xử lý theo nhiệm vụ của Kế hoạch", "task": "Nhiệm vụ",
		"task_title": "Tên nhiệm vụ", "responses": "Số kết quả xử lý",
		"resp_by_kind": "Kết quả xử lý theo hình thức và trạng thái", "kind": "Hình thức xử lý",
		"none": "(không có)", "no_task": "(chưa gắn nhiệm vụ)", "items": "Số tin",
	},
}

var enLabels = labels{
	itemColumns: []string{"Date", "Source", "Origin", "Title", "URL", "Topics", "Severity", "Status",
		"Tags", "Matched terms", "Cluster size", "Responses"},
	responseColumns: []string{"Date", "Kind", "Task", "Task title", "Agency", "Status", "Items",
		"Linked items", "URL", "Note", "Recorded by"},
	sheets: [3]string{"Items", "Responses", "Summary"},
	kind: map[string]string{
		"rebuttal": "Rebuttal article", "statement": "Official statement",
		"report_authority": "Reported to the competent authority", "correction_request": "Correction or removal request",
		"briefing": "Internal briefing", "no_action": "No action needed",
	},
	respStatus: map[string]string{"planned": "Planned", "in_progress": "In progress", "done": "Done"},
	status: map[string]string{"new": "New", "reviewing": "Reviewing", "flagged": "Flagged",
		"responded": "Responded", "dismissed": "Dismissed"},
	origin:   map[string]string{"domestic": "Domestic", "foreign": "Foreign"},
	severity: map[string]string{"low": "Low", "medium": "Medium", "high": "High"},
	topic: map[string]string{"border": "Borders and sovereignty", "human_rights": "Human rights", "religion": "Religion",
		"province": "About the province"},
	text: map[string]string{
		"period": "Period", "filters": "Filters", "generated": "Generated",
		"by_topic_origin": "Items by topic and domestic/foreign origin", "topic": "Topic",
		"total": "Total", "by_source": "Items by source", "source": "Source", "count": "Items",
		"by_task": "Items and responses by plan task", "task": "Task",
		"task_title": "Task title", "responses": "Responses",
		"resp_by_kind": "Responses by kind and status", "kind": "Kind",
		"none": "(none)", "no_task": "(no task)", "items": "Items",
	},
}
