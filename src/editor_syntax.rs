//! Light YAML colouring for the manifest editor: the HTML of a layer drawn behind a
//! transparent textarea, character for character the same text (so the caret, selection,
//! IME and undo stay the browser's own). Keys, strings, numbers and booleans (resolved as
//! the engine resolves YAML 1.1 scalars), comments and `---` separators. Line by line, no
//! full parse: a broken document still gets coloured while the reader fixes it.

use paperkube_engine::manifest::{go_parse_int, is_yaml_float, yaml_bool};

/// Texts longer than this (bytes) are not coloured: the textarea shows its own text, so a
/// huge paste costs one string copy per keystroke, not a re-tokenisation.
pub const HIGHLIGHT_LIMIT: usize = 64 * 1024;

/// The layer's HTML for `text`, or `None` above [`HIGHLIGHT_LIMIT`]. Every character of
/// `text` appears once, escaped, in order.
pub fn highlight(text: &str) -> Option<String> {
    if text.len() > HIGHLIGHT_LIMIT {
        return None;
    }
    let mut out = String::with_capacity(text.len() * 2);
    // The indentation of the line that opened a `|` or `>` block scalar.
    let mut block: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(owner) = block {
            if line.trim().is_empty() || indent > owner {
                span(&mut out, "str", line);
                continue;
            }
            block = None;
        }
        if is_separator(line) {
            span(&mut out, "sep", line);
            continue;
        }
        if line_body(line, &mut out) {
            block = Some(indent);
        }
    }
    // A textarea shows a line after a final newline; a <pre> does not without content.
    out.push_str("\n ");
    Some(out)
}

/// A `---` document separator, as the engine splits documents.
pub fn is_separator(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.trim().is_empty())
}

/// One line that is not inside a block scalar; true when it opens one.
fn line_body(line: &str, out: &mut String) -> bool {
    let mut rest = line;
    // Indentation and sequence dashes.
    loop {
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        escape_into(out, &rest[..spaces]);
        rest = &rest[spaces..];
        if rest == "-" || rest.starts_with("- ") {
            span(out, "punct", "-");
            rest = &rest[1..];
        } else {
            break;
        }
    }
    if rest.starts_with('#') {
        span(out, "com", rest);
        return false;
    }
    if let Some(end) = key_end(rest) {
        span(out, "key", &rest[..end]);
        span(out, "punct", ":");
        rest = &rest[end + 1..];
    }
    value(rest, out)
}

/// Where a mapping key ends (the index of its `:`), if the line starts with one.
fn key_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let colon_ends_key = |i: usize| {
        b.get(i) == Some(&b':') && matches!(b.get(i + 1), None | Some(b' ') | Some(b'\t'))
    };
    match b.first()? {
        q @ (b'"' | b'\'') => {
            let close = quoted_end(s, *q)?;
            colon_ends_key(close).then_some(close)
        }
        b'[' | b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => None,
        _ => (0..b.len())
            .take_while(|&i| !(b[i] == b'#' && i > 0 && b[i - 1] == b' '))
            .find(|&i| colon_ends_key(i)),
    }
}

/// The index just after a quoted scalar that starts at 0 (`''` escapes a single quote,
/// `\"` a double one); `None` when it does not close on this line.
fn quoted_end(s: &str, quote: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        if quote == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// A value after a key (or a list item): strings, scalars, comments. True for `|` / `>`.
fn value(s: &str, out: &mut String) -> bool {
    let spaces = s.len() - s.trim_start_matches([' ', '\t']).len();
    escape_into(out, &s[..spaces]);
    let s = &s[spaces..];
    if s.is_empty() {
        return false;
    }
    if s.starts_with('#') {
        span(out, "com", s);
        return false;
    }
    if let Some(q @ (b'"' | b'\'')) = s.bytes().next() {
        let end = quoted_end(s, q).unwrap_or(s.len());
        span(out, "str", &s[..end]);
        return value(&s[end..], out);
    }
    if s.starts_with('[') || s.starts_with('{') {
        flow(s, out);
        return false;
    }
    // A plain scalar runs to ` #` (a comment) or the end of the line.
    let end = s.find(" #").unwrap_or(s.len());
    let (scalar, tail) = s.split_at(end);
    let word = scalar.trim_end();
    let opens_block = (word.starts_with('|') || word.starts_with('>'))
        && word[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9'));
    let class = if opens_block {
        "punct"
    } else if yaml_bool(word).is_some()
        || go_parse_int(word).is_some()
        || is_yaml_float(word)
        || matches!(word, "null" | "~")
    {
        "num"
    } else {
        ""
    };
    if class.is_empty() {
        escape_into(out, scalar);
    } else {
        span(out, class, scalar);
    }
    if !tail.is_empty() {
        escape_into(out, &tail[..1]);
        span(out, "com", &tail[1..]);
    }
    opens_block
}

/// A flow collection (`[a, "b"]`, `{k: v}`): quoted strings coloured, the rest plain.
fn flow(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        if rest.starts_with(" #") {
            escape_into(out, " ");
            span(out, "com", &rest[1..]);
            return;
        }
        match rest.bytes().next() {
            Some(q @ (b'"' | b'\'')) => {
                let end = quoted_end(rest, q).unwrap_or(rest.len());
                span(out, "str", &rest[..end]);
                rest = &rest[end..];
            }
            _ => {
                let next = rest[1..]
                    .find(['"', '\'', ' '])
                    .map_or(rest.len(), |i| i + 1);
                escape_into(out, &rest[..next]);
                rest = &rest[next..];
            }
        }
    }
}

fn span(out: &mut String, class: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push_str("<span class=\"pk-y-");
    out.push_str(class);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</span>");
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a browser shows for the layer's HTML (tags dropped, entities decoded).
    fn shown(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_layer_shows_exactly_the_text() {
        let text = "apiVersion: v1\nkind: Pod # a <pod> & more\n---\nmetadata:\n  name: \"a: b\"\n  labels: {app: 'x'}\nspec:\n  containers:\n  - name: c\n    args: [\"-c\", 'echo \"hi\"']\n    command: |\n      echo a: b\n      # not a comment\n    image: nginx:1.25.3\n\t- bad\n";
        let html = highlight(text).unwrap();
        assert_eq!(shown(&html), format!("{text}\n "));
    }

    #[test]
    fn tokens_are_classified() {
        let html = highlight("replicas: 3 # three\nname: 'web'\nready: yes\n---\n").unwrap();
        assert!(
            html.contains(r#"<span class="pk-y-key">replicas</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-num">3</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-com"># three</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-str">'web'</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-num">yes</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-sep">---</span>"#),
            "{html}"
        );
    }

    #[test]
    fn block_scalars_are_strings_not_keys() {
        let html = highlight("command: |\n  a: b\nnext: 1\n").unwrap();
        assert!(
            html.contains(r#"<span class="pk-y-str">  a: b</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="pk-y-key">next</span>"#),
            "{html}"
        );
    }

    #[test]
    fn huge_texts_are_left_plain() {
        let big = "a: 1\n".repeat(HIGHLIGHT_LIMIT / 5 + 1);
        assert!(highlight(&big).is_none());
    }
}
