// Every extra key of an event is named when recording it (`None` leaves one out).
use instrumented_example::probes::events::normandy::{EnrollExtra, enroll_preference_study};

fn main() {
    enroll_preference_study(
        "pref-study-42",
        EnrollExtra {
            branch: Some("control"),
            enrollment_id: Some("e-1"),
        },
    );
}
