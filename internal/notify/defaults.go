package notify

// Default texts. SMS texts are short enough that with a typical dossier code,
// date and tracking link they need at most two segments, with diacritics
// where they fit in 134 characters and without them otherwise (SMSText).
// E-mail bodies are plain text; Kính gửi … / footer are repeated in each so
// that the administrator edits one complete text.

const (
	greeting = "Kính gửi {{if .ApplicantName}}ông/bà {{.ApplicantName}}{{else}}ông/bà{{end}},\n\n"
	footer   = "\n\nTheo dõi hồ sơ tại: {{.Link}}\n\nĐây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính, vui lòng không trả lời thư này.\n"
	procLine = "{{if .ProcedureName}}\nThủ tục: {{.ProcedureName}}{{end}}"
)

// Staff alerts (e-mail only): addressed to the officer, with what the
// one-stop needs to act and the link to its queue of online dossiers.
const (
	staffGreeting = "Kính gửi {{or .RecipientName \"cán bộ Bộ phận Một cửa\"}},\n\n"
	staffFacts    = "{{if .ProcedureName}}\nThủ tục: {{.ProcedureName}}{{end}}{{if .ApplicantName}}\nNgười nộp: {{.ApplicantName}}{{end}}" +
		"{{if .AgencyName}}\nNơi tiếp nhận: {{.AgencyName}}{{end}}"
	staffFooter = "\n\nXem và xử lý tại trang Hồ sơ trực tuyến chờ tiếp nhận: {{.Link}}" +
		"\n\nĐây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính, vui lòng không trả lời thư này.\n"
)

type defaultText struct{ sms, subject, email string }

var defaults = map[Event]defaultText{
	EventReceived: {
		sms:     "Hồ sơ {{.DossierCode}} đã được tiếp nhận, hẹn trả kết quả ngày {{.ExpectedDate}}. Tra cứu: {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} đã được tiếp nhận",
		email: greeting + "{{or .AgencyName \"Bộ phận Một cửa\"}} đã tiếp nhận hồ sơ {{.DossierCode}}." + procLine +
			"\nNgày hẹn trả kết quả: {{.ExpectedDate}}." + footer,
	},
	EventOnlineAccepted: {
		sms:     "Hồ sơ trực tuyến {{.DossierCode}} đã được tiếp nhận, hẹn trả kết quả ngày {{.ExpectedDate}}. Tra cứu: {{.Link}}",
		subject: "Hồ sơ trực tuyến {{.DossierCode}} đã được tiếp nhận",
		email: greeting + "Hồ sơ nộp trực tuyến {{.DossierCode}} đã được {{or .AgencyName \"Bộ phận Một cửa\"}} kiểm tra và tiếp nhận." + procLine +
			"\nNgày hẹn trả kết quả: {{.ExpectedDate}}." + footer,
	},
	EventOnlineChangesRequested: {
		sms:     "Hồ sơ trực tuyến {{.DossierCode}} cần bổ sung. Hướng dẫn: {{.Link}} Nội dung: {{trunc 60 .Reason}}",
		subject: "Hồ sơ trực tuyến {{.DossierCode}} cần bổ sung, hoàn thiện",
		email: greeting + "Hồ sơ nộp trực tuyến {{.DossierCode}} chưa đủ điều kiện tiếp nhận và cần bổ sung, hoàn thiện." + procLine +
			"\nNội dung cần bổ sung: {{.Reason}}" +
			"\n\nÔng/bà vui lòng đăng nhập để bổ sung hồ sơ theo hướng dẫn trên." + footer,
	},
	EventSupplementRequested: {
		sms:     "Hồ sơ {{.DossierCode}} cần bổ sung, hoàn thiện. Chi tiết: {{.Link}} Nội dung: {{trunc 60 .Reason}}",
		subject: "Hồ sơ {{.DossierCode}} cần bổ sung, hoàn thiện",
		email: greeting + "Hồ sơ {{.DossierCode}} cần được bổ sung, hoàn thiện." + procLine +
			"\nNội dung cần bổ sung: {{.Reason}}" +
			"\n\nThời gian ông/bà bổ sung hồ sơ không tính vào thời hạn giải quyết." + footer,
	},
	EventSupplementReceived: {
		sms:     "Đã nhận hồ sơ bổ sung {{.DossierCode}}, hẹn trả kết quả ngày {{.ExpectedDate}}. Tra cứu: {{.Link}}",
		subject: "Đã nhận hồ sơ bổ sung {{.DossierCode}}",
		email:   greeting + "{{or .AgencyName \"Bộ phận Một cửa\"}} đã nhận hồ sơ bổ sung của hồ sơ {{.DossierCode}}." + procLine + "\nNgày hẹn trả kết quả: {{.ExpectedDate}}." + footer,
	},
	EventRefused: {
		sms:     "Hồ sơ {{.DossierCode}} bị từ chối giải quyết. Chi tiết: {{.Link}} Lý do: {{trunc 60 .Reason}}",
		subject: "Hồ sơ {{.DossierCode}} bị từ chối giải quyết",
		email:   greeting + "Hồ sơ {{.DossierCode}} không được giải quyết." + procLine + "\nLý do: {{.Reason}}" + footer,
	},
	EventConsulting: {
		sms:     "Hồ sơ {{.DossierCode}} đang được lấy ý kiến cơ quan liên quan, hẹn trả ngày {{.ExpectedDate}}. {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} đang được lấy ý kiến cơ quan liên quan",
		email: greeting + "Hồ sơ {{.DossierCode}} đang được lấy ý kiến của cơ quan, đơn vị liên quan." + procLine +
			"\nNgày hẹn trả kết quả: {{.ExpectedDate}}." + footer,
	},
	EventFieldVerification: {
		sms:     "Hồ sơ {{.DossierCode}} đang được thẩm tra, xác minh thực tế, hẹn trả ngày {{.ExpectedDate}}. {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} đang được thẩm tra, xác minh",
		email: greeting + "Hồ sơ {{.DossierCode}} đang được thẩm tra, xác minh thực tế." + procLine +
			"\nNgày hẹn trả kết quả: {{.ExpectedDate}}." + footer,
	},
	EventApologyNewDate: {
		sms:     "Xin lỗi ông/bà: hồ sơ {{.DossierCode}} chậm trả kết quả, hẹn lại ngày {{.ExpectedDate}}. {{.Link}}",
		subject: "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{.DossierCode}}",
		email: greeting + "{{or .AgencyName \"Cơ quan giải quyết\"}} xin lỗi ông/bà vì hồ sơ {{.DossierCode}} không được trả kết quả đúng hẹn." + procLine +
			"\nLý do: {{.Reason}}\nNgày hẹn trả kết quả mới: {{.ExpectedDate}}." + footer,
	},
	EventResultReady: {
		sms:     "Hồ sơ {{.DossierCode}} đã có kết quả. Mời ông/bà nhận kết quả theo giấy hẹn. {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} đã có kết quả",
		email:   greeting + "Hồ sơ {{.DossierCode}} đã có kết quả giải quyết." + procLine + "\nMời ông/bà nhận kết quả theo hình thức đã đăng ký trên giấy hẹn." + footer,
	},
	EventEarlyReturn: {
		sms:     "Hồ sơ {{.DossierCode}} được giải quyết trước hạn, mời nhận kết quả từ ngày {{.ExpectedDate}}. {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} được trả kết quả trước hạn",
		email: greeting + "Hồ sơ {{.DossierCode}} đã được giải quyết trước thời hạn." + procLine +
			"\nÔng/bà có thể nhận kết quả từ ngày {{.ExpectedDate}}." + footer,
	},
	EventReturned: {
		sms:     "Hồ sơ {{.DossierCode}} đã được trả kết quả. Mời ông/bà đánh giá sự hài lòng: {{.Link}}",
		subject: "Hồ sơ {{.DossierCode}} đã được trả kết quả",
		email: greeting + "Hồ sơ {{.DossierCode}} đã được trả kết quả." + procLine +
			"\n\nMời ông/bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ tại đường dẫn dưới đây." + footer,
	},
	EventClosed: {
		sms:     "Hồ sơ {{.DossierCode}} đã kết thúc. Chi tiết: {{.Link}}{{with .Reason}} Lý do: {{trunc 60 .}}{{end}}",
		subject: "Hồ sơ {{.DossierCode}} đã kết thúc",
		email:   greeting + "Hồ sơ {{.DossierCode}} đã kết thúc." + procLine + "{{if .Reason}}\nLý do: {{.Reason}}{{end}}" + footer,
	},
	EventStopped: {
		sms:     "Hồ sơ {{.DossierCode}} đã dừng giải quyết. Chi tiết: {{.Link}}{{with .Reason}} Lý do: {{trunc 60 .}}{{end}}",
		subject: "Thông báo dừng giải quyết hồ sơ {{.DossierCode}}",
		email:   greeting + "Hồ sơ {{.DossierCode}} đã dừng giải quyết." + procLine + "{{if .Reason}}\nLý do: {{.Reason}}{{end}}" + footer,
	},
	EventOTP: {
		sms:     "Mã xác thực{{with .Purpose}} để {{.}}{{end}}: {{.Code}}, có hiệu lực {{.ValidMinutes}} phút. Không cung cấp mã này cho bất kỳ ai.",
		subject: "Mã xác thực {{.Code}}",
		email: "Mã xác thực{{with .Purpose}} để {{.}}{{end}} của ông/bà là: {{.Code}}\n\nMã có hiệu lực trong {{.ValidMinutes}} phút. Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ." +
			"\nNếu ông/bà không yêu cầu mã, vui lòng bỏ qua thư này.\n\nĐây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính, vui lòng không trả lời thư này.\n",
	},
	EventConsent: {
		sms:     "{{or .AgencyName \"Cán bộ một cửa\"}} đề nghị nộp hồ sơ thay ông/bà. Mã đồng ý: {{.Code}} ({{.ValidMinutes}} phút). Chỉ đọc mã nếu ông/bà đồng ý.",
		subject: "Mã đồng ý cho cán bộ nộp hồ sơ thay: {{.Code}}",
		email: greeting + "{{or .AgencyName \"Cán bộ Bộ phận Một cửa\"}} đề nghị được nộp hồ sơ thay ông/bà trên hệ thống." + procLine +
			"{{if .Reason}}\nNội dung: {{.Reason}}{{end}}" +
			"\n\nNếu ông/bà đồng ý, hãy cung cấp cho cán bộ mã: {{.Code}}\nMã có hiệu lực trong {{.ValidMinutes}} phút. Nếu ông/bà không yêu cầu, vui lòng bỏ qua thư này và không cung cấp mã cho ai." +
			"\n\nĐây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính, vui lòng không trả lời thư này.\n",
	},
	EventStaffOnlineSubmitted: {
		subject: "Hồ sơ trực tuyến mới {{.DossierCode}} chờ tiếp nhận{{with .Deadline}}, hạn {{.}}{{end}}",
		email: staffGreeting + "Hệ thống vừa nhận hồ sơ nộp trực tuyến {{.DossierCode}}." + staffFacts +
			"{{if .Deadline}}\n\nHạn tiếp nhận hoặc yêu cầu bổ sung, hoàn thiện: {{.Deadline}} " +
			"(08 giờ làm việc kể từ khi hệ thống nhận hồ sơ, Điều 17 khoản 2 Nghị định 118/2025/NĐ-CP).{{end}}" + staffFooter,
	},
	EventStaffOnlineResubmitted: {
		subject: "Hồ sơ trực tuyến {{.DossierCode}} đã được bổ sung, chờ tiếp nhận{{with .Deadline}}, hạn {{.}}{{end}}",
		email: staffGreeting + "Người nộp đã bổ sung, hoàn thiện hồ sơ trực tuyến {{.DossierCode}} theo yêu cầu và gửi lại." + staffFacts +
			"{{if .Deadline}}\n\nHạn tiếp nhận: {{.Deadline}} " +
			"(08 giờ làm việc kể từ khi nhận hồ sơ đã bổ sung, Điều 17 khoản 2 Nghị định 118/2025/NĐ-CP).{{end}}" + staffFooter,
	},
	EventStaffSupplementSubmitted: {
		subject: "Hồ sơ {{.DossierCode}} có hồ sơ bổ sung trực tuyến chờ xác nhận",
		email: staffGreeting + "Người nộp đã gửi trực tuyến hồ sơ bổ sung của hồ sơ {{.DossierCode}} theo yêu cầu bổ sung, hoàn thiện." + staffFacts +
			"{{if .Reason}}\nGhi chú của người nộp: {{.Reason}}{{end}}" +
			"\n\nVui lòng kiểm tra và xác nhận đã nhận hồ sơ bổ sung để thời gian giải quyết được tính tiếp " +
			"(Điều 19 khoản 5 Nghị định 118/2025/NĐ-CP)." + staffFooter,
	},
}

// Default returns the template shipped in code for an event and channel.
func Default(e Event, c Channel) Template {
	d := defaults[e]
	t := Template{Event: e, Channel: c}
	if c == ChannelEmail {
		t.Subject, t.Body = d.subject, d.email
	} else {
		t.Body = d.sms
	}
	return t
}
