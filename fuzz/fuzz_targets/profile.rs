//! Profile validation on any text: a profile or an error, never a panic; a valid profile
//! compiles into a scorer or is refused cleanly.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(profile) = icp_profile::Profile::parse(std::path::Path::new("profile.toml"), text)
    else {
        return;
    };
    let _ = icp_scorecard::scorer::Scorer::new(profile);
});
