"""Split a Markdown page into its YAML front matter and its body (no parsing, no I/O)."""


def split_front_matter(markdown: str) -> tuple[str, str]:
    """(front matter text, body); ("", markdown) when the page has none."""
    if not markdown.startswith("---\n"):
        return "", markdown
    end = markdown.find("\n---", 4)
    return markdown[4:end], markdown[end + 4:]
