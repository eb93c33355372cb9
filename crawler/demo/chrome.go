package demo

// chrome is the fixed wording of an outlet's pages in one language: the
// navigation, related links, comments and footer that surround the article
// text, so that extraction has something to leave out.
type chrome struct {
	Home, Related, Comments, CommentForm, Send, Search, Next, Prev, Page,
	Latest, MostRead, Cookie, Accept, Rights, Share, Print, Demo string
	CommentsList []comment
}

type comment struct{ Who, When, Text string }

var chromes = map[string]chrome{
	"vi": {
		Home: "Trang chủ", Related: "Tin liên quan", Comments: "Ý kiến bạn đọc", CommentForm: "Gửi ý kiến của bạn",
		Send: "Gửi", Search: "Tìm kiếm", Next: "Trang sau", Prev: "Trang trước", Page: "Trang",
		Latest: "Tin mới", MostRead: "Đọc nhiều", Cookie: "Trang này dùng cookie để ghi nhớ lựa chọn của bạn.",
		Accept: "Đồng ý", Rights: "Giữ bản quyền nội dung. Ghi rõ nguồn khi phát hành lại.",
		Share: "Chia sẻ", Print: "In bài", Demo: "Trang tin giả lập của bản trình diễn TTĐN Monitor; mọi tên người và nội dung đều là hư cấu.",
		CommentsList: []comment{
			{"Nguyễn Văn Hải", "2 giờ trước", "Cảm ơn báo đã thông tin kịp thời."},
			{"Y Thị Hrai", "5 giờ trước", "Mong chính quyền quan tâm hơn nữa tới bà con vùng sâu."},
			{"Trần Minh Quân", "hôm qua", "Bài viết rất bổ ích, mong có thêm nhiều bài như thế này."},
			{"A Blưu", "hôm qua", "Quê tôi ở Ngọc Hồi, đọc tin này thấy rất vui."},
			{"Lê Thu Trang", "3 ngày trước", "Đề nghị báo cập nhật tiếp diễn biến."},
		},
	},
	"en": {
		Home: "Home", Related: "Related stories", Comments: "Comments", CommentForm: "Leave a comment",
		Send: "Post", Search: "Search", Next: "Next page", Prev: "Previous page", Page: "Page",
		Latest: "Latest", MostRead: "Most read", Cookie: "We use cookies to remember your preferences.",
		Accept: "Accept", Rights: "All rights reserved.",
		Share: "Share", Print: "Print", Demo: "A fictional outlet of the TTĐN Monitor demo; every name and story is invented.",
		CommentsList: []comment{
			{"J. Walker", "2 hours ago", "Thanks for the reporting."},
			{"Minh T.", "6 hours ago", "I visited Kon Tum last year, a beautiful place."},
			{"observer_88", "yesterday", "Would like to see the officials' side of this too."},
			{"Sarah K.", "2 days ago", "Good piece, please follow up."},
		},
	},
	"fr": {
		Home: "Accueil", Related: "À lire aussi", Comments: "Commentaires", CommentForm: "Réagir à cet article",
		Send: "Envoyer", Search: "Rechercher", Next: "Page suivante", Prev: "Page précédente", Page: "Page",
		Latest: "À la une", MostRead: "Les plus lus", Cookie: "Ce site utilise des cookies pour mémoriser vos préférences.",
		Accept: "Accepter", Rights: "Tous droits réservés.",
		Share: "Partager", Print: "Imprimer", Demo: "Titre fictif de la démonstration TTĐN Monitor ; noms et faits sont inventés.",
		CommentsList: []comment{
			{"Jean-Pierre D.", "il y a 3 heures", "Merci pour cet éclairage."},
			{"Lan N.", "hier", "Ma famille vient de cette région, article très juste."},
			{"Michel B.", "il y a 2 jours", "On aimerait connaître la réponse des autorités."},
		},
	},
}

func chromeFor(lang string) chrome {
	if c, ok := chromes[lang]; ok {
		return c
	}
	return chromes["en"]
}
