//! Sound and video from the site itself are allowed (`media-src 'self'`), but a reader who
//! cannot hear or see them needs the words: a page with `<audio>` or `<video>` needs a
//! transcript, an element with the class `transcript` (a `<details class="transcript">` is a
//! good one).

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::LazyLock;

use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};

static MEDIA: LazyLock<Selector> = LazyLock::new(|| "audio, video".parse().expect("valid selector"));
static TRANSCRIPT: LazyLock<Selector> = LazyLock::new(|| ".transcript".parse().expect("valid selector"));

/// True when `html` plays sound or video and has no transcript.
pub(super) fn lacks_transcript(html: &str) -> bool {
    let media = Cell::new(false);
    let transcript = Cell::new(false);
    let settings = Settings::new()
        .append_element_content_handler((
            Cow::Borrowed(&*MEDIA),
            ElementContentHandlers::default().element(|_: &mut lol_html::html_content::Element<'_, '_>| {
                media.set(true);
                Ok(())
            }),
        ))
        .append_element_content_handler((
            Cow::Borrowed(&*TRANSCRIPT),
            ElementContentHandlers::default().element(|_: &mut lol_html::html_content::Element<'_, '_>| {
                transcript.set(true);
                Ok(())
            }),
        ));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let _ = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
    media.get() && !transcript.get()
}

#[cfg(test)]
mod tests {
    use super::lacks_transcript;

    #[test]
    fn media_needs_a_transcript() {
        assert!(lacks_transcript("<audio controls src=\"/a.mp3\"></audio>"));
        assert!(!lacks_transcript(
            "<video src=\"/v.mp4\" controls></video><details class=\"transcript\"><summary>Transcript</summary><p>Words.</p></details>"
        ));
        assert!(!lacks_transcript("<p>No media here, audio or video.</p>"));
    }
}
