//! Removing hidden details from published photos: EXIF (camera, date, GPS position), XMP,
//! IPTC, comments and text chunks, and the extra images some phones append to a JPEG.
//!
//! A story's photo can tell where its author lives. Only the orientation survives, so photos
//! taken sideways still show the right way up. JPEG, PNG and WebP are understood (by the
//! `img-parts` crate, which edits the container without decoding the picture); other files
//! are copied as they are.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

/// The image formats whose metadata is removed, by lower-case file extension.
pub(crate) fn is_image(path: &str) -> bool {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp")
}

/// The image without metadata. Fails with a plain reason when the file is not a readable
/// image of the kind its name says.
pub(crate) fn strip_metadata(path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = Bytes::from(bytes);
    let unreadable =
        |e: img_parts::Error| format!("this file is named .{ext} but cannot be read as that kind of image ({e})");
    match ext.as_str() {
        "jpg" | "jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(unreadable)?;
            let orientation = jpeg.exif().and_then(|e| orientation(&e));
            jpeg.set_exif(orientation.map(minimal_exif));
            jpeg.segments_mut().retain(|s| {
                let m = s.marker();
                // APP1 without EXIF is XMP; APP13 is IPTC; COM is a comment; APP2 MPF lists
                // the appended images, which are dropped below.
                !((m == markers::APP1 && !s.contents().starts_with(b"Exif\0\0"))
                    || m == markers::APP13
                    || m == markers::COM
                    || (m == markers::APP2 && s.contents().starts_with(b"MPF\0")))
            });
            let mut out = Vec::with_capacity(jpeg.len());
            jpeg.encoder()
                .write_to(&mut out)
                .map_err(|e| format!("cannot rewrite this image ({e})"))?;
            truncate_after_first_image(&mut out);
            Ok(out)
        }
        "png" => {
            let mut png = Png::from_bytes(bytes).map_err(unreadable)?;
            let orientation = png.exif().and_then(|e| orientation(&e));
            for kind in [*b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            png.set_exif(orientation.map(minimal_exif));
            let mut out = Vec::with_capacity(png.len());
            png.encoder()
                .write_to(&mut out)
                .map_err(|e| format!("cannot rewrite this image ({e})"))?;
            Ok(out)
        }
        "webp" => {
            let mut webp = WebP::from_bytes(bytes).map_err(unreadable)?;
            let orientation = webp.exif().and_then(|e| orientation(&e));
            webp.remove_chunks_by_id(*b"XMP ");
            webp.set_exif(orientation.map(minimal_exif));
            let mut out = Vec::with_capacity(webp.len() as usize);
            webp.encoder()
                .write_to(&mut out)
                .map_err(|e| format!("cannot rewrite this image ({e})"))?;
            Ok(out)
        }
        _ => Ok(bytes.to_vec()),
    }
}

/// Cuts a JPEG after the end of its first image: phones append further images (depth maps,
/// previews) that carry metadata of their own.
fn truncate_after_first_image(jpeg: &mut Vec<u8>) {
    // Walk the segments by their lengths to the start of scan; the first end-of-image marker
    // after it ends the first image (entropy-coded data never holds 0xFF 0xD9).
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        if marker == markers::SOS {
            if let Some(eoi) = jpeg[i..].windows(2).position(|w| w == [0xFF, markers::EOI]) {
                jpeg.truncate(i + eoi + 2);
            }
            return;
        }
        i += 2 + u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]) as usize;
    }
}

/// The EXIF orientation (1–8), when present and not the default.
fn orientation(tiff: &[u8]) -> Option<u16> {
    let le = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(i..i + 2)?.try_into().ok()?;
        Some(if le {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(512))
        .map(|k| ifd + 2 + k * 12)
        .find(|&e| u16_at(e) == Some(0x0112))
        .and_then(|e| u16_at(e + 8))
        .filter(|o| (2..=8).contains(o))
}

/// A TIFF block holding nothing but the orientation.
fn minimal_exif(orientation: u16) -> Bytes {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes());
    t.extend_from_slice(&1u16.to_le_bytes());
    t.extend_from_slice(&0x0112u16.to_le_bytes());
    t.extend_from_slice(&3u16.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes());
    t.extend_from_slice(&orientation.to_le_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_le_bytes());
    Bytes::from(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TIFF block with GPS latitude (tag 0x8825 pointer, abbreviated) and an orientation.
    fn exif_with_gps(orientation: u16) -> Vec<u8> {
        let mut t = b"II*\0".to_vec();
        t.extend_from_slice(&8u32.to_le_bytes());
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&0x0112u16.to_le_bytes());
        t.extend_from_slice(&3u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&orientation.to_le_bytes());
        t.extend_from_slice(&[0, 0]);
        t.extend_from_slice(&0x8825u16.to_le_bytes());
        t.extend_from_slice(&4u16.to_le_bytes());
        t.extend_from_slice(&1u32.to_le_bytes());
        t.extend_from_slice(&38u32.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        t.extend_from_slice(b"GPS 41.8781 N 87.6298 W secret-location");
        t
    }

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    /// A structurally valid JPEG: SOI, APP0, APP1 EXIF, APP1 XMP, COM, SOS with entropy, EOI,
    /// then an appended second image.
    fn jpeg() -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        j.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend(exif_with_gps(6));
        j.extend(segment(0xE1, &exif));
        j.extend(segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Author: Jane Real-Name</x:xmpmeta>",
        ));
        j.extend(segment(0xFE, b"taken at 12 Elm Street"));
        j.extend(segment(0xDB, &[0; 65]));
        j.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
        j.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56]);
        j.extend_from_slice(&[0xFF, 0xD9]);
        j.extend_from_slice(&[
            0xFF, 0xD8, 0xFF, 0xE1, 0, 8, b'E', b'x', b'i', b'f', b'G', b'P', b'S', 0xFF, 0xD9,
        ]);
        j
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn jpeg_loses_gps_xmp_comments_and_appended_images_but_keeps_orientation() {
        let out = strip_metadata("photo.JPG", jpeg()).unwrap();
        for secret in [&b"secret-location"[..], b"Jane Real-Name", b"Elm Street", b"GPS"] {
            assert!(
                !contains(&out, secret),
                "{:?} survived",
                String::from_utf8_lossy(secret)
            );
        }
        assert_eq!(
            orientation(&Jpeg::from_bytes(Bytes::from(out.clone())).unwrap().exif().unwrap()),
            Some(6)
        );
        assert!(contains(&out, b"JFIF"));
        assert!(out.ends_with(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]));
    }

    #[test]
    fn png_loses_text_and_exif() {
        let mut png = Png::from_bytes(Bytes::from_static(&[
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0,
            1, 8, 0, 0, 0, 0, 0x3A, 0x7E, 0x9B, 0x55, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
        ]))
        .unwrap();
        png.set_exif(Some(Bytes::from(exif_with_gps(1))));
        let text = img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"Author\0Jane Real-Name"));
        png.chunks_mut().insert(1, text);
        let mut bytes = Vec::new();
        png.encoder().write_to(&mut bytes).unwrap();
        assert!(contains(&bytes, b"secret-location"));
        let out = strip_metadata("a.png", bytes).unwrap();
        assert!(!contains(&out, b"secret-location") && !contains(&out, b"Jane"));
        assert!(
            Png::from_bytes(Bytes::from(out)).unwrap().exif().is_none(),
            "orientation 1 needs no EXIF"
        );
    }

    #[test]
    fn a_broken_image_is_an_error_not_a_panic() {
        let err = strip_metadata("x.jpg", b"not a jpeg".to_vec()).unwrap_err();
        assert!(err.contains("cannot be read"), "{err}");
        assert!(strip_metadata("x.png", vec![]).is_err());
        assert!(strip_metadata("x.webp", vec![1, 2, 3]).is_err());
        assert_eq!(strip_metadata("notes.txt", b"hi".to_vec()).unwrap(), b"hi");
    }
}
