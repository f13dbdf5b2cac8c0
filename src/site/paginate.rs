//! Pagination: splitting a listing into pages at `/base/`, `/base/page/2/`, …

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pager<'a> {
    /// 1-based.
    pub(crate) index: usize,
    /// How many pages the listing has.
    pub(crate) count: usize,
    /// The items on this page.
    pub(crate) items: &'a [usize],
    /// This page's URL.
    pub(crate) url: String,
    /// Previous page's URL.
    pub(crate) previous: Option<String>,
    /// Next page's URL.
    pub(crate) next: Option<String>,
}

/// URL of page `n` of a listing at `base` (which ends in `/`).
pub(crate) fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Splits `items` into pages of `size` (an empty listing still has one page).
#[cfg(test)]
pub(crate) fn paginate<'a>(base: &str, items: &'a [usize], size: usize) -> Vec<Pager<'a>> {
    (1..=pager_count(items.len(), size))
        .map(|index| pager(base, items, size, index))
        .collect()
}

/// How many pages a listing of `len` items has (at least one).
pub(crate) fn pager_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// Page `index` (1-based) of a listing.
pub(crate) fn pager<'a>(base: &str, items: &'a [usize], size: usize, index: usize) -> Pager<'a> {
    let size = size.max(1);
    let count = pager_count(items.len(), size);
    let start = (index - 1).saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    Pager {
        index,
        count,
        items: &items[start..end],
        url: page_url(base, index),
        previous: (index > 1).then(|| page_url(base, index - 1)),
        next: (index < count).then(|| page_url(base, index + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_links_pages() {
        let items: Vec<usize> = (0..25).collect();
        let p = paginate("/tags/housing/", &items, 10);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].url, "/tags/housing/");
        assert_eq!(p[1].url, "/tags/housing/page/2/");
        assert_eq!(p[1].previous.as_deref(), Some("/tags/housing/"));
        assert_eq!(p[2].items, &[20, 21, 22, 23, 24]);
        assert_eq!(p[2].next, None);
    }

    #[test]
    fn empty_listing_has_one_page() {
        let p = paginate("/stories/", &[], 10);
        assert_eq!(p.len(), 1);
        assert!(p[0].items.is_empty());
    }
}
