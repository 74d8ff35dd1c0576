//! The messages are embedded at compile time by `static_loader!`, which cargo does not watch:
//! a changed or added `.ftl` file must rebuild this crate.

fn main() {
    println!("cargo:rerun-if-changed=../../content/locales");
}
