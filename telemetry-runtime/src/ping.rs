//! Ping envelopes: the fields `main.4` and `event.4` require, their checks, and helpers that
//! produce them (UUIDs, `creationDate`, `sessionStartDate`).

use alloc::format;
use alloc::string::String;

/// `application` (all required except `display_version`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub architecture: String,
    /// At least 10 leading digits, e.g. `"20260701000000"`.
    pub build_id: String,
    pub channel: String,
    pub name: String,
    /// `^[0-9]{2,3}\.`, e.g. `"128.0"`.
    pub platform_version: String,
    /// `^[0-9]{2,3}\.`.
    pub version: String,
    pub vendor: String,
    pub xpcom_abi: String,
    pub display_version: Option<String>,
}

/// The top-level ping fields other than `type`, `version` and `payload`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The document id (a UUID).
    pub id: String,
    /// Required by `main.4`, optional in `event.4`.
    pub client_id: Option<String>,
    pub profile_group_id: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    pub creation_date: String,
    pub application: Application,
}

/// An envelope field the schema would reject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeError {
    pub field: &'static str,
    pub reason: &'static str,
}

impl core::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "invalid ping envelope field `{}`: {}",
            self.field, self.reason
        )
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EnvelopeError {}

fn fail(field: &'static str, reason: &'static str) -> Result<(), EnvelopeError> {
    Err(EnvelopeError { field, reason })
}

impl Envelope {
    /// A new envelope: a random document id and the current time.
    #[cfg(feature = "std")]
    pub fn new(application: Application, client_id: Option<String>) -> Envelope {
        Envelope {
            id: new_uuid(),
            client_id,
            profile_group_id: None,
            creation_date: creation_date_now(),
            application,
        }
    }

    /// Checks every pattern the schemas enforce on the envelope.
    pub fn validate(&self, require_client_id: bool) -> Result<(), EnvelopeError> {
        if !is_uuid(&self.id) {
            return fail("id", "not a UUID (8-4-4-4-12 hex digits)");
        }
        match &self.client_id {
            Some(c) if !is_uuid(c) => return fail("clientId", "not a UUID"),
            None if require_client_id => return fail("clientId", "required in a main ping"),
            _ => {}
        }
        if let Some(p) = &self.profile_group_id {
            if !is_uuid(p) {
                return fail("profileGroupId", "not a UUID");
            }
        }
        if !is_creation_date(&self.creation_date) {
            return fail(
                "creationDate",
                "must be YYYY-MM-DDTHH:MM:SS.mmmZ (UTC, 3 fractional digits)",
            );
        }
        let a = &self.application;
        let digits = a.build_id.bytes().take_while(u8::is_ascii_digit).count();
        if digits < 10 {
            return fail("application.buildId", "must start with at least 10 digits");
        }
        for (field, v) in [
            ("application.version", Some(&a.version)),
            ("application.platformVersion", Some(&a.platform_version)),
            ("application.displayVersion", a.display_version.as_ref()),
        ] {
            if let Some(v) = v {
                if !is_app_version(v) {
                    return fail(field, "must start with 2 or 3 digits and a dot, e.g. 128.0");
                }
            }
        }
        Ok(())
    }
}

/// `payload.info` of a main ping. `None` fields are left out, except the `previous*` ids,
/// which Firefox writes as `null` on a first run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PingInfo {
    /// `shutdown`, `daily`, `environment-change`, `aborted-session`.
    pub reason: String,
    pub revision: Option<String>,
    /// Minutes east of UTC.
    pub timezone_offset: Option<i32>,
    pub previous_build_id: Option<String>,
    pub session_id: Option<String>,
    pub subsession_id: Option<String>,
    pub previous_session_id: Option<String>,
    pub previous_subsession_id: Option<String>,
    pub subsession_counter: Option<u32>,
    pub profile_subsession_counter: Option<u32>,
    /// Local time truncated to the hour, see [`local_hour_date`].
    pub session_start_date: Option<String>,
    pub subsession_start_date: Option<String>,
    /// Whole seconds.
    pub session_length: Option<u64>,
    pub subsession_length: Option<u64>,
}

/// `^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$`
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`
pub fn is_creation_date(s: &str) -> bool {
    let pattern = b"dddd-dd-ddTdd:dd:dd.dddZ";
    s.len() == pattern.len()
        && s.bytes().zip(pattern).all(|(c, p)| match p {
            b'd' => c.is_ascii_digit(),
            _ => c == *p,
        })
}

/// `^[0-9]{2,3}\.`
fn is_app_version(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (2..=3).contains(&digits) && s.as_bytes().get(digits) == Some(&b'.')
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Unix milliseconds → `YYYY-MM-DDTHH:MM:SS.mmmZ` (JS `Date.toISOString()`, years 0–9999).
pub fn creation_date(unix_ms: i64) -> String {
    let ms = unix_ms.rem_euclid(1000);
    let secs = unix_ms.div_euclid(1000);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let tod = secs.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        year.clamp(0, 9999),
        month,
        day,
        tod / 3600,
        tod % 3600 / 60,
        tod % 60,
        ms
    )
}

/// Unix milliseconds and a UTC offset in minutes east → local time truncated to the hour, as
/// Firefox writes `sessionStartDate`: `YYYY-MM-DDTHH:00:00.0±HH:MM`.
pub fn local_hour_date(unix_ms: i64, offset_minutes: i32) -> String {
    let local = unix_ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let hour = local.rem_euclid(86_400) / 3600;
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:00:00.0{}{:02}:{:02}",
        year.clamp(0, 9999),
        month,
        day,
        hour,
        sign,
        off / 60,
        off % 60
    )
}

/// The current time as a `creationDate`.
#[cfg(feature = "std")]
pub fn creation_date_now() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    creation_date(ms)
}

/// A random (version 4, lower-case) UUID for document, session and subsession ids. Seeded
/// from std's per-process random hash keys: unique, not cryptographic.
#[cfg(feature = "std")]
pub fn new_uuid() -> String {
    use core::hash::{BuildHasher, Hasher};
    use core::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let word = |salt: u64| {
        let mut h = state.build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    };
    let (hi, lo) = (word(1), word(2));
    let hi = (hi & !0xf000) | 0x4000; // version 4
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(creation_date(0), "1970-01-01T00:00:00.000Z");
        // 2026-07-01T12:34:56.789Z
        assert_eq!(creation_date(1_782_909_296_789), "2026-07-01T12:34:56.789Z");
        assert_eq!(creation_date(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert!(is_creation_date(&creation_date(1_782_909_296_789)));
        assert_eq!(
            local_hour_date(1_782_909_296_789, 120),
            "2026-07-01T14:00:00.0+02:00"
        );
        assert_eq!(
            local_hour_date(1_782_909_296_789, -330),
            "2026-07-01T07:00:00.0-05:30"
        );
    }

    #[test]
    fn patterns() {
        assert!(is_uuid("2b1c6a3e-0f4d-4c2e-9d1a-7e5b8c9d0a11"));
        assert!(!is_uuid("2b1c6a3e-0f4d-4c2e-9d1a-7e5b8c9d0a1"));
        assert!(!is_uuid("2b1c6a3e00f4d-4c2e-9d1a-7e5b8c9d0a11"));
        assert!(!is_creation_date("2026-07-01T12:34:56Z"));
        assert!(is_app_version("128.0"));
        assert!(!is_app_version("1.0"));
        assert!(!is_app_version("1280.0"));
    }

    #[cfg(feature = "std")]
    #[test]
    fn uuids_are_valid_and_distinct() {
        let a = new_uuid();
        let b = new_uuid();
        assert!(is_uuid(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(&a[14..15], "4");
    }
}
