"""Party-format PDF documents, digital signatures and their verification."""
