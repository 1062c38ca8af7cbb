//! The two locks the runtime needs (open-key maps, string scalars, the event buffer).
//!
//! With `std` they are `std::sync::{Mutex, RwLock}` (poisoning is ignored: every critical
//! section leaves its data consistent before anything that could panic). Without `std` both are
//! one small spin lock; the read side of the `RwLock` is then exclusive too. Neither is ever
//! taken on the recording path of a static histogram, scalar or declared-key probe.

use core::ops::DerefMut;

#[cfg(feature = "std")]
mod imp {
    use core::ops::DerefMut;
    use std::sync::PoisonError;

    pub struct Mutex<T>(std::sync::Mutex<T>);

    impl<T> Mutex<T> {
        pub const fn new(value: T) -> Self {
            Mutex(std::sync::Mutex::new(value))
        }

        pub fn lock(&self) -> impl DerefMut<Target = T> + '_ {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }
    }

    pub struct RwLock<T>(std::sync::RwLock<T>);

    impl<T> RwLock<T> {
        pub const fn new(value: T) -> Self {
            RwLock(std::sync::RwLock::new(value))
        }

        pub fn read(&self) -> impl core::ops::Deref<Target = T> + '_ {
            self.0.read().unwrap_or_else(PoisonError::into_inner)
        }

        pub fn write(&self) -> impl DerefMut<Target = T> + '_ {
            self.0.write().unwrap_or_else(PoisonError::into_inner)
        }
    }
}

/// The `no_std` locks. Always compiled, so that its tests run in `std` builds too.
#[cfg_attr(feature = "std", allow(dead_code))]
mod spin {
    use core::cell::UnsafeCell;
    use core::ops::{Deref, DerefMut};
    use core::sync::atomic::{AtomicBool, Ordering};

    /// A test-and-test-and-set spin lock.
    pub struct Mutex<T> {
        locked: AtomicBool,
        value: UnsafeCell<T>,
    }

    // SAFETY: the lock hands out `&mut T` to one holder at a time (acquire/release on `locked`),
    // which is exactly the `std::sync::Mutex` contract: `T: Send` suffices for `Sync`.
    unsafe impl<T: Send> Sync for Mutex<T> {}
    // SAFETY: moving the lock moves the `T`.
    unsafe impl<T: Send> Send for Mutex<T> {}

    impl<T> Mutex<T> {
        pub const fn new(value: T) -> Self {
            Mutex {
                locked: AtomicBool::new(false),
                value: UnsafeCell::new(value),
            }
        }

        pub fn lock(&self) -> Guard<'_, T> {
            loop {
                if self
                    .locked
                    .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return Guard { lock: self };
                }
                while self.locked.load(Ordering::Relaxed) {
                    core::hint::spin_loop();
                }
            }
        }
    }

    pub struct Guard<'a, T> {
        lock: &'a Mutex<T>,
    }

    impl<T> Deref for Guard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: the guard exists only while this thread holds the lock.
            unsafe { &*self.lock.value.get() }
        }
    }

    impl<T> DerefMut for Guard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: the guard exists only while this thread holds the lock, and `&mut self`
            // makes this the only live reference derived from it.
            unsafe { &mut *self.lock.value.get() }
        }
    }

    impl<T> Drop for Guard<'_, T> {
        fn drop(&mut self) {
            self.lock.locked.store(false, Ordering::Release);
        }
    }

    /// Without `std` readers are exclusive too.
    pub struct RwLock<T>(Mutex<T>);

    impl<T> RwLock<T> {
        pub const fn new(value: T) -> Self {
            RwLock(Mutex::new(value))
        }

        pub fn read(&self) -> Guard<'_, T> {
            self.0.lock()
        }

        pub fn write(&self) -> Guard<'_, T> {
            self.0.lock()
        }
    }
}

#[cfg(not(feature = "std"))]
use spin as imp;

pub(crate) use imp::{Mutex, RwLock};

/// Runs `f` on the locked value (keeps guard lifetimes out of callers' signatures).
pub(crate) fn with<T, R>(lock: &Mutex<T>, f: impl FnOnce(&mut T) -> R) -> R {
    let mut guard = lock.lock();
    f(guard.deref_mut())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::spin;

    #[test]
    fn spin_lock_is_mutually_exclusive() {
        static LOCK: spin::Mutex<(u64, u64)> = spin::Mutex::new((0, 0));
        static RW: spin::RwLock<u64> = spin::RwLock::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20_000 {
                        let mut g = LOCK.lock();
                        // A torn update would leave the two halves different.
                        g.0 += 1;
                        core::hint::spin_loop();
                        g.1 += 1;
                        drop(g);
                        *RW.write() += 1;
                        let _ = *RW.read();
                    }
                });
            }
        });
        let g = LOCK.lock();
        assert_eq!(*g, (80_000, 80_000));
        assert_eq!(*RW.read(), 80_000);
    }
}
