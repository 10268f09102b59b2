"""The demo cell's year, month by month: what a public-health faculty's party cell works on in
each calendar month (the school year, exams, research, students, party building, holidays).

Data only, used by ``app.demo``. Each month (1-12):

- ``work``: what the cell achieved that month (reported at the next month's meeting);
- ``resolution``: the points of that month's resolution;
- ``tasks``: (assignee, task, due day of the month, outcome at the next month's review, note);
  the outcome is "done", "partly" or "not_done";
- ``speeches``: (speaker, kind, text) about that month's work (kind: opinion, proposal,
  self_criticism; a criticism names its target as the fourth element).
"""
from __future__ import annotations

MONTHS: dict[int, dict] = {
    1: {
        "work": "tổ chức thi kết thúc học phần học kỳ I đúng quy chế, 100% học phần có điểm "
                "đúng hạn; hoàn thành kiểm điểm, đánh giá, xếp loại đảng viên năm",
        "resolution": [
            "Chấm thi, nhập điểm học kỳ I đúng hạn; không để sinh viên khiếu nại kéo dài.",
            "Chăm lo Tết cho viên chức, sinh viên khó khăn; giữ an toàn trong dịp nghỉ Tết.",
            "Thu, nộp đảng phí quý I đầy đủ, đúng quy định.",
        ],
        "tasks": [
            ("Đỗ Thị Bình", "Hoàn thành chấm thi, nhập điểm học phần Quản lý y tế lớp YTCC K12",
             15, "done", ""),
            ("Dương Thị Yến", "Lập danh sách sinh viên khó khăn đề nghị Công đoàn trường tặng "
             "quà Tết", 20, "done", ""),
            ("Trịnh Thị Mai", "Thu đảng phí quý I năm của đảng viên, nộp Đảng ủy Trường", 25,
             "done", ""),
            ("Ngô Minh Tuấn", "Nộp thuyết minh đề tài cấp trường về giám sát bệnh không lây "
             "nhiễm", 25, "partly", "Chờ bộ môn góp ý lần cuối"),
            ("Cao Thị Ngân", "Phối hợp Liên chi đoàn tổ chức “Xuân tình nguyện” tại trạm y tế xã",
             28, "done", ""),
        ],
        "speeches": [
            ("Đỗ Thị Bình", "opinion", "Kỳ thi học kỳ I nghiêm túc; đề nghị bộ môn rà soát "
             "ngân hàng câu hỏi trắc nghiệm trước kỳ thi lại."),
            ("Dương Thị Yến", "proposal", "Đề nghị chi bộ vận động đảng viên ủng hộ quỹ “Tết "
             "vì sinh viên nghèo” của khoa."),
        ],
    },
    2: {
        "work": "đảng viên, viên chức đón Tết an toàn, tiết kiệm; tổ chức kỷ niệm Ngày thành "
                "lập Đảng 3/2 và Ngày Thầy thuốc Việt Nam 27/2; bắt đầu học kỳ II đúng kế hoạch",
        "resolution": [
            "Ổn định giảng dạy học kỳ II ngay sau Tết, không để lớp nghỉ không lý do.",
            "Tổ chức ôn tập, thi lại học kỳ I cho sinh viên chưa đạt.",
            "Tuyên truyền kỷ niệm Ngày Thầy thuốc Việt Nam 27/2 trong sinh viên.",
        ],
        "tasks": [
            ("Trần Văn Minh", "Rà soát thời khóa biểu học kỳ II, bố trí giảng viên thay thế "
             "đồng chí đi học", 10, "done", ""),
            ("Hà Thị Phương", "Tổ chức nói chuyện chuyên đề y đức nhân Ngày Thầy thuốc Việt Nam "
             "cho sinh viên năm thứ nhất", 26, "done", ""),
            ("Phạm Đức Anh", "Hướng dẫn nhóm sinh viên đăng ký đề tài nghiên cứu khoa học năm "
             "học", 28, "done", ""),
            ("Võ Thị Thảo", "Tổ chức thi lại học phần Thống kê y học", 20, "done", ""),
            ("Tạ Quang Vinh", "Hoàn thiện đề cương học phần Sức khỏe môi trường theo chương "
             "trình mới", 28, "not_done", "Chuyển sang tháng 3"),
        ],
        "speeches": [
            ("Trần Văn Minh", "opinion", "Sau Tết, 100% lớp học kỳ II vào học đúng ngày; cần "
             "nhắc sinh viên nội trú về ý thức phòng bệnh mùa xuân."),
            ("Hà Thị Phương", "opinion", "Buổi nói chuyện về y đức dịp 27/2 nên mời cựu sinh "
             "viên đang công tác ở trạm y tế xã chia sẻ."),
        ],
    },
    3: {
        "work": "giảng dạy học kỳ II đúng tiến độ; Liên chi đoàn tổ chức tháng Thanh niên và "
                "kỷ niệm 26/3; đăng ký xây dựng chi bộ mẫu mực năm",
        "resolution": [
            "Đăng ký và triển khai xây dựng chi bộ mẫu mực năm.",
            "Bồi dưỡng đoàn viên ưu tú là giảng viên trẻ, sinh viên xuất sắc để giới thiệu "
            "kết nạp Đảng.",
            "Hoàn thiện đề cương các học phần theo chương trình đào tạo mới.",
        ],
        "tasks": [
            ("Nguyễn Thị Hoa", "Xây dựng bản đăng ký chi bộ mẫu mực năm, trình Đảng ủy Trường",
             22, "done", ""),
            ("Đặng Thị Ngọc Ánh", "Giới thiệu 02 đoàn viên ưu tú học lớp bồi dưỡng nhận thức "
             "về Đảng", 25, "done", ""),
            ("Tạ Quang Vinh", "Hoàn thiện đề cương học phần Sức khỏe môi trường theo chương "
             "trình mới", 20, "done", ""),
            ("Cao Thị Ngân", "Tổ chức ngày hội hiến máu tình nguyện của sinh viên khoa", 26,
             "done", ""),
            ("Lý Văn Khánh", "Tổ chức cho viên chức nữ của khoa kỷ niệm Ngày Quốc tế Phụ nữ "
             "8/3", 8, "done", ""),
        ],
        "speeches": [
            ("Đặng Thị Ngọc Ánh", "opinion", "Hai đoàn viên ưu tú đã có thời gian thử thách tốt "
             "ở đội tình nguyện; đề nghị chi bộ phân công đảng viên giúp đỡ."),
            ("Cao Thị Ngân", "proposal", "Đề nghị khoa hỗ trợ kinh phí tổ chức ngày hội hiến máu "
             "để sinh viên tham gia đông hơn năm trước."),
        ],
    },
    4: {
        "work": "tổ chức Hội nghị sinh viên nghiên cứu khoa học cấp khoa với 18 đề tài; hưởng "
                "ứng Ngày Sức khỏe thế giới 7/4; hoàn thành bồi dưỡng đoàn viên ưu tú",
        "resolution": [
            "Chọn đề tài sinh viên xuất sắc dự hội nghị cấp trường.",
            "Chuẩn bị kỳ thi tốt nghiệp cử nhân Y tế công cộng.",
            "Giáo dục truyền thống nhân kỷ niệm Ngày giải phóng miền Nam 30/4.",
        ],
        "tasks": [
            ("Phạm Đức Anh", "Chọn 05 đề tài sinh viên tiêu biểu dự Hội nghị nghiên cứu khoa "
             "học cấp trường", 15, "done", ""),
            ("Trần Văn Minh", "Xây dựng kế hoạch thi tốt nghiệp cử nhân Y tế công cộng", 20,
             "done", ""),
            ("Mai Thị Hương", "Cập nhật ngân hàng câu hỏi thi tốt nghiệp môn Quản lý y tế", 25,
             "partly", "Đã cập nhật 70% câu hỏi"),
            ("Phan Văn Long", "Liên hệ cơ sở thực tập Sức khỏe nghề nghiệp tại khu công nghiệp",
             25, "done", ""),
            ("Hoàng Thị Thu Hằng", "Tổ chức truyền thông dinh dưỡng nhân Ngày Sức khỏe thế giới "
             "tại trường tiểu học", 10, "done", ""),
        ],
        "speeches": [
            ("Phạm Đức Anh", "opinion", "Chất lượng đề tài sinh viên năm nay tốt hơn; một số "
             "nhóm còn yếu phần phân tích số liệu, cần bộ môn Thống kê hỗ trợ."),
            ("Phan Văn Long", "proposal", "Đề nghị khoa ký thỏa thuận với hai doanh nghiệp trong "
             "khu công nghiệp để ổn định cơ sở thực tập."),
        ],
    },
    5: {
        "work": "kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh 19/5; tổ chức thi tốt nghiệp cử nhân "
                "đúng quy chế; sinh viên năm thứ ba đi thực tập cộng đồng",
        "resolution": [
            "Tổ chức chấm khóa luận, công nhận tốt nghiệp đúng tiến độ.",
            "Quản lý sinh viên thực tập cộng đồng an toàn, hiệu quả.",
            "Sơ kết học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        ],
        "tasks": [
            ("Mai Thị Hương", "Hoàn thành cập nhật ngân hàng câu hỏi thi tốt nghiệp môn Quản "
             "lý y tế", 10, "done", ""),
            ("Vũ Quang Huy", "Phụ trách đoàn sinh viên thực tập cộng đồng tại các trạm y tế xã",
             28, "done", ""),
            ("Lê Thị Lan", "Tổng hợp kết quả thi tốt nghiệp, trình Hội đồng công nhận", 28,
             "done", ""),
            ("Hà Thị Phương", "Viết bài tham luận sơ kết học tập và làm theo Bác của chi bộ",
             20, "done", ""),
            ("Đoàn Thị Quỳnh", "Hoàn thành bản tự kiểm điểm định kỳ của đảng viên dự bị", 25,
             "done", ""),
        ],
        "speeches": [
            ("Vũ Quang Huy", "opinion", "Đợt thực tập cộng đồng được chính quyền xã ủng hộ; sinh "
             "viên hoàn thành điều tra hộ gia đình đúng kế hoạch."),
            ("Lê Thị Lan", "opinion", "Kỳ thi tốt nghiệp diễn ra nghiêm túc; tỷ lệ sinh viên đạt "
             "cao hơn năm trước."),
        ],
    },
    6: {
        "work": "hoàn thành chương trình năm học; 96% sinh viên tốt nghiệp đúng hạn; sơ kết "
                "6 tháng đầu năm công tác xây dựng Đảng",
        "resolution": [
            "Tổng kết năm học, bình xét thi đua đúng quy định.",
            "Chuẩn bị thực tế cộng đồng hè cho sinh viên năm thứ hai.",
            "Thăm hỏi gia đình chính sách nhân Ngày Thương binh - Liệt sĩ 27/7.",
        ],
        "tasks": [
            ("Trần Văn Minh", "Xây dựng báo cáo tổng kết năm học của khoa", 25, "done", ""),
            ("Hoàng Thị Thu Hằng", "Lập kế hoạch thực tế cộng đồng hè cho sinh viên năm thứ hai",
             20, "done", ""),
            ("Lý Văn Khánh", "Tổng hợp hồ sơ bình xét thi đua năm học của công đoàn khoa", 28,
             "partly", "Còn thiếu hồ sơ của 02 bộ môn"),
            ("Bùi Văn Đức", "Thẩm định giáo trình Dịch tễ học cơ bản tái bản", 30, "done", ""),
            ("Trịnh Thị Mai", "Thu đảng phí quý III năm của đảng viên", 30, "done", ""),
        ],
        "speeches": [
            ("Lý Văn Khánh", "opinion", "Các bộ môn cần nộp hồ sơ thi đua đúng hạn để công đoàn "
             "khoa kịp tổng hợp trước khi nghỉ hè."),
            ("Bùi Văn Đức", "opinion", "Giáo trình tái bản cần cập nhật số liệu dịch tễ mới nhất "
             "của tỉnh và cả nước."),
        ],
    },
    7: {
        "work": "tổ chức thăm hỏi gia đình chính sách dịp 27/7; đưa sinh viên đi thực tế cộng "
                "đồng hè; cập nhật tên đơn vị, địa danh trong văn bản theo sắp xếp đơn vị hành "
                "chính từ ngày 01/7",
        "resolution": [
            "Quán triệt các văn bản về sắp xếp tổ chức bộ máy, đơn vị hành chính mới.",
            "Quản lý tốt sinh viên thực tế cộng đồng hè tại các xã.",
            "Chuẩn bị kế hoạch giảng dạy năm học mới.",
        ],
        "tasks": [
            ("Lê Thị Lan", "Cập nhật tên địa danh tỉnh Hưng Yên trong mẫu văn bản của khoa và "
             "chi bộ", 15, "done", ""),
            ("Hoàng Thị Thu Hằng", "Phụ trách đoàn sinh viên thực tế cộng đồng hè", 31, "done",
             ""),
            ("Trần Văn Minh", "Dự kiến phân công giảng dạy năm học mới", 31, "done", ""),
            ("Phan Văn Long", "Nộp báo cáo tổng kết đề tài Sức khỏe nghề nghiệp công nhân may",
             25, "not_done", "Chờ số liệu đợt khảo sát cuối"),
            ("Hồ Minh Quân", "Học và viết thu hoạch lớp bồi dưỡng lý luận chính trị dành cho "
             "đảng viên mới", 30, "done", ""),
        ],
        "speeches": [
            ("Lê Thị Lan", "opinion", "Đã rà soát mẫu văn bản; từ ngày 01/7 dòng địa danh ghi "
             "“Hưng Yên”, không dùng tên đơn vị cấp huyện đã kết thúc hoạt động."),
            ("Phan Văn Long", "self_criticism", "Tôi còn chậm nộp báo cáo đề tài; sẽ hoàn thành "
             "ngay khi có số liệu đợt khảo sát cuối."),
        ],
    },
    8: {
        "work": "hoàn thành thực tế cộng đồng hè; đảng viên học tập, quán triệt nghị quyết "
                "theo kế hoạch của Đảng ủy Trường; chuẩn bị năm học mới",
        "resolution": [
            "Hoàn tất phân công giảng dạy, cố vấn học tập năm học mới.",
            "Chuẩn bị đón tân sinh viên và lễ khai giảng.",
            "Tổ chức kỷ niệm Cách mạng Tháng Tám và Quốc khánh 2/9.",
        ],
        "tasks": [
            ("Trần Văn Minh", "Ban hành phân công giảng dạy, cố vấn học tập năm học mới", 20,
             "done", ""),
            ("Phan Văn Long", "Nộp báo cáo tổng kết đề tài Sức khỏe nghề nghiệp công nhân may",
             25, "done", ""),
            ("Cao Thị Ngân", "Chuẩn bị chương trình chào đón tân sinh viên của Liên chi đoàn",
             30, "done", ""),
            ("Đinh Công Sơn", "Biên soạn bài giảng Dịch tễ học cập nhật cho khóa tuyển sinh mới",
             30, "partly", "Hoàn thành 6/10 bài"),
            ("Võ Thị Thảo", "Chuẩn bị phòng máy thực hành Thống kê y học", 28, "done", ""),
        ],
        "speeches": [
            ("Đinh Công Sơn", "opinion", "Đề nghị cập nhật bài giảng dịch tễ học với số liệu "
             "mới về sốt xuất huyết và tay chân miệng năm nay."),
            ("Cao Thị Ngân", "proposal", "Đề nghị mỗi đảng viên là cố vấn học tập dự buổi gặp "
             "mặt tân sinh viên của lớp mình phụ trách."),
        ],
    },
    9: {
        "work": "khai giảng năm học mới; đón và sinh hoạt công dân đầu khóa cho tân sinh viên; "
                "giảng dạy học kỳ I đúng kế hoạch",
        "resolution": [
            "Giảng dạy học kỳ I đúng tiến độ, đổi mới phương pháp, tăng thực hành.",
            "Chuẩn bị Hội nghị viên chức, người lao động của khoa.",
            "Đăng ký thi đua và đề tài nghiên cứu khoa học năm học.",
        ],
        "tasks": [
            ("Nguyễn Thị Hoa", "Chuẩn bị báo cáo Hội nghị viên chức, người lao động của khoa",
             25, "done", ""),
            ("Phạm Đức Anh", "Tổng hợp đăng ký đề tài nghiên cứu khoa học cấp trường của các "
             "bộ môn", 28, "done", ""),
            ("Vũ Quang Huy", "Nộp báo cáo tổng kết học phần Sức khỏe môi trường năm học trước",
             20, "partly", "Đang hoàn thiện"),
            ("Đinh Công Sơn", "Hoàn thành bài giảng Dịch tễ học cập nhật", 25, "done", ""),
            ("Trịnh Thị Mai", "Thu đảng phí quý IV năm của đảng viên", 30, "done", ""),
        ],
        "speeches": [
            ("Nguyễn Thị Hoa", "opinion", "Tân sinh viên khóa mới đông hơn năm trước; các đồng "
             "chí cố vấn học tập cần nắm chắc hoàn cảnh từng em."),
            ("Vũ Quang Huy", "self_criticism", "Tôi còn chậm nộp báo cáo tổng kết học phần; tháng "
             "tới sẽ hoàn thành đúng hạn."),
            ("Dương Thị Yến", "proposal", "Đề nghị khoa bố trí kinh phí mua thêm tài liệu tham "
             "khảo về dinh dưỡng cộng đồng cho thư viện bộ môn trong năm học mới."),
        ],
    },
    10: {
        "work": "tổ chức Hội nghị viên chức, người lao động của khoa; 100% viên chức đăng ký "
                "thi đua; 06 đề tài cấp trường được đăng ký",
        "resolution": [
            "Tổ chức hoạt động chào mừng Ngày Nhà giáo Việt Nam 20/11.",
            "Đẩy mạnh nghiên cứu khoa học, mỗi bộ môn ít nhất 01 bài báo.",
            "100% đảng viên sử dụng Sổ tay đảng viên điện tử hằng tháng.",
        ],
        "tasks": [
            ("Hà Thị Phương", "Xây dựng kế hoạch hội giảng chào mừng Ngày Nhà giáo Việt Nam "
             "20/11", 15, "done", ""),
            ("Vũ Quang Huy", "Nộp báo cáo tổng kết học phần Sức khỏe môi trường năm học trước",
             10, "done", ""),
            ("Hoàng Thị Thu Hằng", "Gửi bài báo về tình trạng dinh dưỡng trẻ em dưới 5 tuổi tới "
             "tạp chí chuyên ngành", 28, "done", ""),
            ("Lê Thị Lan", "Cập nhật danh sách điểm Sổ tay đảng viên điện tử của chi bộ", 5,
             "done", ""),
            ("Ngô Minh Tuấn", "Tham gia tổ chức hội thao công đoàn khoa chào mừng Ngày Phụ nữ "
             "Việt Nam 20/10", 18, "done", ""),
        ],
        "speeches": [
            ("Hoàng Thị Thu Hằng", "opinion", "Bộ môn Dinh dưỡng đã hoàn thành bản thảo bài báo; "
             "đề nghị khoa hỗ trợ phí đăng bài."),
            ("Lý Văn Khánh", "opinion", "Cần đẩy mạnh ứng dụng Sổ tay đảng viên điện tử; một số "
             "đồng chí chưa đạt số điểm tối thiểu hằng tháng."),
            ("Đinh Công Sơn", "criticism", "Đề nghị đồng chí Ngô Minh Tuấn chú ý hơn việc tham "
             "gia sinh hoạt đoàn thể của khoa.", "Ngô Minh Tuấn"),
        ],
    },
    11: {
        "work": "tổ chức hội giảng và các hoạt động chào mừng Ngày Nhà giáo Việt Nam 20/11; "
                "02 đề tài cấp trường được nghiệm thu; không có đảng viên vi phạm",
        "resolution": [
            "Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm.",
            "Tổ chức thi kết thúc học phần học kỳ I nghiêm túc.",
            "Kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam 22/12.",
        ],
        "tasks": [
            ("Nguyễn Thị Hoa", "Xây dựng dự thảo báo cáo kiểm điểm tập thể chi ủy, chi bộ năm",
             15, "done", ""),
            ("Trần Văn Minh", "Lập lịch thi kết thúc học phần học kỳ I", 10, "done", ""),
            ("Ngô Minh Tuấn", "Nộp bản tự kiểm điểm, đánh giá đảng viên năm", 15, "done", ""),
            ("Hồ Minh Quân", "Nộp bản tự kiểm điểm đảng viên dự bị, báo cáo chi bộ", 15, "done",
             ""),
            ("Phạm Đức Anh", "Hoàn thiện hồ sơ nghiệm thu đề tài cấp trường về dịch tễ học sốt "
             "xuất huyết", 20, "partly", "Chờ phản biện lần hai"),
        ],
        "speeches": [
            ("Hà Thị Phương", "opinion", "Hội giảng 20/11 có 12 giảng viên tham gia; nhiều bài "
             "giảng ứng dụng tốt công nghệ thông tin."),
            ("Ngô Minh Tuấn", "self_criticism", "Tiếp thu góp ý của chi bộ kỳ trước, tháng qua tôi "
             "đã tham gia tổ chức hội thao công đoàn; sẽ tiếp tục tham gia đầy đủ hoạt động đoàn "
             "thể của khoa."),
        ],
    },
    12: {
        "work": "hoàn thành kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm; tổ chức thi "
                "học kỳ I đúng lịch; kỷ niệm Ngày thành lập Quân đội nhân dân Việt Nam 22/12",
        "resolution": [
            "Tổng kết công tác xây dựng Đảng năm, xây dựng phương hướng năm tới.",
            "Chuẩn bị thi kết thúc học phần, chấm thi đúng quy chế.",
            "Tổ chức cho đảng viên, viên chức đón Tết an toàn, tiết kiệm.",
        ],
        "tasks": [
            ("Nguyễn Thị Hoa", "Hoàn thiện báo cáo tổng kết công tác xây dựng Đảng năm của chi "
             "bộ", 20, "done", ""),
            ("Phạm Đức Anh", "Nộp hồ sơ nghiệm thu đề tài về dịch tễ học sốt xuất huyết", 15,
             "done", ""),
            ("Đặng Thị Ngọc Ánh", "Tổ chức thi kết thúc học phần Thống kê y học", 28, "done", ""),
            ("Trịnh Thị Mai", "Tổng hợp thu, nộp đảng phí năm của chi bộ", 25, "done", ""),
            ("Tạ Quang Vinh", "Viết bài tuyên truyền phòng chống ô nhiễm không khí mùa đông cho "
             "trang thông tin của khoa", 28, "not_done", "Chuyển sang tháng 1"),
        ],
        "speeches": [
            ("Đặng Thị Ngọc Ánh", "opinion", "Việc kiểm điểm cuối năm nghiêm túc, có phê bình và "
             "tự phê bình thẳng thắn."),
            ("Trịnh Thị Mai", "opinion", "Chi bộ đã thu, nộp đủ đảng phí năm; sổ sách đảng phí "
             "rõ ràng, đúng quy định."),
        ],
    },
}

# Speeches on any month's report, taken in turn after the month's own ones.
GENERAL_SPEECHES = [
    ("Mai Thị Hương", "opinion", "Thống nhất với báo cáo; đề nghị bổ sung chỉ tiêu về số bài "
     "báo quốc tế trong nhiệm vụ tháng tới."),
    ("Dương Thị Yến", "opinion", "Các bộ môn cần phối hợp chặt chẽ hơn khi xếp lịch thực hành "
     "để sinh viên không bị trùng lịch."),
    ("Võ Thị Thảo", "opinion", "Đề nghị các bộ môn chia sẻ bộ số liệu nghiên cứu để giảng "
     "viên trẻ thực hành phân tích thống kê."),
    ("Bùi Văn Đức", "opinion", "Đề nghị chi bộ quan tâm hơn đến việc kèm cặp giảng viên trẻ "
     "trong giảng dạy lâm sàng cộng đồng."),
    ("Lương Văn Thắng", "opinion", "Đảng viên trong chi bộ giữ gìn đoàn kết, gương mẫu; cần phát "
     "huy hơn nữa vai trò nêu gương trong sinh viên."),
]

# Criticism and the self-criticism answering it: one pair at each meeting (from the pair of
# the meeting's month on, the first whose two members are present).
CRITICISM_PAIRS = [
    (("Bùi Văn Đức", "criticism", "Đề nghị đồng chí Tạ Quang Vinh dành nhiều thời gian hơn cho "
      "việc hướng dẫn sinh viên thực hành tại phòng thí nghiệm.", "Tạ Quang Vinh"),
     ("Tạ Quang Vinh", "self_criticism", "Tôi nhận thấy còn chưa dành đủ thời gian hướng dẫn "
      "sinh viên thực hành; tháng tới sẽ bố trí lịch cụ thể và báo cáo bộ môn.")),
    (("Lương Văn Thắng", "criticism", "Đồng chí Cao Thị Ngân cần gửi báo cáo hoạt động của Liên "
      "chi đoàn cho chi ủy đúng hạn hơn.", "Cao Thị Ngân"),
     ("Cao Thị Ngân", "self_criticism", "Tôi nhận khuyết điểm gửi báo cáo chậm; từ tháng này sẽ "
      "gửi chi ủy trước ngày 25 hằng tháng.")),
    (("Lý Văn Khánh", "criticism", "Đề nghị đồng chí Ngô Minh Tuấn sử dụng Sổ tay đảng viên "
      "điện tử thường xuyên hơn để đạt số điểm tối thiểu hằng tháng.", "Ngô Minh Tuấn"),
     ("Ngô Minh Tuấn", "self_criticism", "Tôi tiếp thu; tháng qua đi coi thi nhiều nên ít truy "
      "cập Sổ tay, tháng tới sẽ khắc phục.")),
    (("Phạm Đức Anh", "criticism", "Đồng chí Hồ Minh Quân cần mạnh dạn hơn khi phát biểu ý kiến "
      "trong sinh hoạt chi bộ và sinh hoạt bộ môn.", "Hồ Minh Quân"),
     ("Hồ Minh Quân", "self_criticism", "Tôi tiếp thu ý kiến; sẽ chuẩn bị trước ý kiến về "
      "chuyên môn và công tác sinh viên cho mỗi kỳ sinh hoạt.")),
]

# Speeches at each demo thematic meeting, on its topic (by the topic's title's first words).
THEMATIC_SPEECHES = {
    "Học tập và làm theo": [
        ("Bùi Văn Đức", "Lời dạy của Bác “Lương y phải như từ mẫu” cần được đưa vào từng bài "
         "giảng thực hành cộng đồng, không chỉ trong học phần y đức."),
        ("Hà Thị Phương", "Đề nghị chuyên đề bổ sung các tấm gương cán bộ y tế xã tận tụy mà "
         "sinh viên gặp trong đợt thực tập cộng đồng."),
        ("Dương Thị Yến", "Mỗi giảng viên cần tự liên hệ: đúng giờ lên lớp, công tâm khi chấm "
         "thi, tận tình với sinh viên là làm theo Bác."),
    ],
    "Nâng cao chất lượng nghiên cứu": [
        ("Võ Thị Thảo", "Giảng viên trẻ cần được hỗ trợ về phương pháp phân tích số liệu; bộ môn "
         "Thống kê y học sẵn sàng mở lớp tập huấn."),
        ("Ngô Minh Tuấn", "Đề nghị mỗi giảng viên trẻ có một người hướng dẫn là giảng viên chính "
         "để cùng viết bài báo trong năm."),
        ("Mai Thị Hương", "Chuyên đề nên đặt chỉ tiêu cụ thể: mỗi bộ môn ít nhất một bài báo "
         "quốc tế trong hai năm tới."),
    ],
}

# What the chair does with a member's proposal (by the speech's first words): the proposal
# as written in the minutes, "resolved" (by the cell) or "forwarded" (to the upper level),
# and the note.
PROPOSALS = {
    "Đề nghị chi bộ vận động đảng viên ủng hộ quỹ": (
        "Vận động đảng viên ủng hộ quỹ “Tết vì sinh viên nghèo”", "resolved",
        "Chi bộ thống nhất vận động, đồng chí Dương Thị Yến tổng hợp"),
    "Đề nghị khoa hỗ trợ kinh phí tổ chức ngày hội hiến máu": (
        "Hỗ trợ kinh phí ngày hội hiến máu tình nguyện", "forwarded",
        "Chuyển Ban Chủ nhiệm khoa xem xét"),
    "Đề nghị khoa ký thỏa thuận với hai doanh nghiệp": (
        "Ký thỏa thuận cơ sở thực tập Sức khỏe nghề nghiệp", "forwarded",
        "Chuyển Ban Giám hiệu xem xét"),
    "Đề nghị mỗi đảng viên là cố vấn học tập dự buổi gặp mặt": (
        "Đảng viên là cố vấn học tập dự gặp mặt tân sinh viên", "resolved",
        "Chi bộ thống nhất thực hiện"),
    "Đề nghị khoa bố trí kinh phí mua thêm tài liệu": (
        "Bổ sung tài liệu tham khảo cho thư viện bộ môn", "forwarded",
        "Chuyển Ban Giám hiệu xem xét"),
}
