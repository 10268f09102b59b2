"""Vietnamese for Qt's own texts (Qt ships no Vietnamese catalog).

Our dialogs set their button texts themselves; this translator is the safety net for what
Qt builds on its own: file dialogs, context menus of text fields, standard buttons.
Keys are Qt's English source texts (context ignored); keyboard shortcuts stay untranslated.
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator

QT_VI = {
    # standard buttons (QPlatformTheme)
    "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
    "Yes to &All": "Có với tất &cả", "&No": "&Không", "N&o to All": "Khô&ng với tất cả",
    "Abort": "Hủy bỏ", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng",
    "Cancel": "Hủy", "Discard": "Bỏ thay đổi", "Help": "Trợ giúp", "Apply": "Áp dụng",
    "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết...", "Hide Details...": "Ẩn chi tiết...",
    # file dialog (QFileDialog, QFileSystemModel, QAbstractFileIconProvider)
    "&Look in:": "&Tìm trong:", "Look in:": "Tìm trong:", "File &name:": "&Tên tệp:",
    "Files of &type:": "&Loại tệp:", "Files of type:": "Loại tệp:", "&Open": "&Mở",
    "&Save": "&Lưu", "&Choose": "&Chọn", "&Delete": "&Xóa", "&Rename": "Đổi &tên",
    "&New Folder": "Thư mục &mới", "New Folder": "Thư mục mới", "All Files (*)": "Mọi tệp (*)",
    "Back": "Quay lại", "Forward": "Tiến tới", "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới", "Create a New Folder": "Tạo một thư mục mới",
    "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết",
    "Change to list view mode": "Xem dạng danh sách",
    "Change to detail view mode": "Xem dạng chi tiết", "Go back": "Quay lại",
    "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
    "List of places and bookmarks": "Danh sách nơi lưu và dấu trang",
    "Show &hidden files": "Hiện các tệp &ẩn", "Sidebar": "Thanh bên", "Files": "Tệp",
    "Directory:": "Thư mục:", "Recent Places": "Nơi đã mở gần đây", "Computer": "Máy tính",
    "My Computer": "Máy tính", "Name": "Tên", "Size": "Kích thước", "Type": "Loại",
    "Kind": "Loại", "Date Modified": "Ngày sửa", "Folder": "Thư mục", "Drive": "Ổ đĩa",
    "File": "Tệp", "File Folder": "Thư mục", "Unknown": "Không rõ",
    "%1 bytes": "%1 byte", "%1 KB": "%1 KB", "%1 MB": "%1 MB", "%1 GB": "%1 GB",
    "Are you sure you want to delete '%1'?": "Xóa “%1”?",
    "%1 already exists.\nDo you want to replace it?": "%1 đã có.\nGhi đè lên tệp đó?",
    "%1\nFile not found.\nPlease verify the correct file name was given.":
        "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
        "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    # text fields and spin boxes (context menus)
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép",
    "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả", "&Select All": "&Chọn tất cả",
    "&Step up": "&Tăng", "Step &down": "&Giảm", "Insert Unicode control character":
        "Chèn ký tự điều khiển Unicode",
    # scroll bars
    "Scroll here": "Cuộn đến đây", "Left edge": "Mép trái", "Top": "Đầu", "Right edge": "Mép phải",
    "Bottom": "Cuối", "Page left": "Trang trái", "Page up": "Trang trên",
    "Page right": "Trang phải", "Page down": "Trang dưới", "Scroll left": "Cuộn trái",
    "Scroll up": "Cuộn lên", "Scroll right": "Cuộn phải", "Scroll down": "Cuộn xuống",
}


class QtVietnamese(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401 (Qt API)
        return QT_VI.get(source, "")

    def isEmpty(self) -> bool:
        return False
