/** Escapes text for HTML element content and quoted attributes: every string taken from data goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Escapes text for a Markdown table cell or line: HTML-escaped, with pipes, backslashes and emphasis marks escaped. */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text).replace(/([\\`*_[\]|#])/g, '\\$1')
}
