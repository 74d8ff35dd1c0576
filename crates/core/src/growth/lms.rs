//! The LMS method (Cole & Green) as the WHO applies it: WHO Child Growth Standards,
//! Methods and development (2006), chapter 7, "Computation of centiles and z-scores".

use serde::Serialize;

/// One row of a WHO table: the Box-Cox power `l`, the median `m` and the coefficient of
/// variation `s` at one age.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lms {
    /// L: the Box-Cox power (1 for length and head circumference, whose distributions are
    /// normal).
    pub l: f64,
    /// M: the median, in the measurement's unit.
    pub m: f64,
    /// S: the coefficient of variation.
    pub s: f64,
}

impl Lms {
    /// The plain LMS z-score of `x`: ((x/M)^L − 1)/(L·S), or ln(x/M)/S when L is 0.
    pub fn z(self, x: f64) -> f64 {
        if self.l == 0.0 {
            (x / self.m).ln() / self.s
        } else {
            ((x / self.m).powf(self.l) - 1.0) / (self.l * self.s)
        }
    }

    /// The value at z-score `z` on the plain LMS curve: M·(1 + L·S·z)^(1/L), or M·e^(S·z)
    /// when L is 0.
    pub fn value(self, z: f64) -> f64 {
        if self.l == 0.0 {
            self.m * (self.s * z).exp()
        } else {
            self.m * (1.0 + self.l * self.s * z).powf(1.0 / self.l)
        }
    }

    /// The WHO's restricted application of the LMS method (chapter 7, used for weight):
    /// inside ±3 the plain z-score; beyond, the distance past the ±3 SD curve measured in
    /// the step between the ±2 and ±3 SD curves (SD23), so that a skewed distribution does
    /// not squeeze its upper tail or stretch its lower one:
    /// z = 3 + (x − SD3pos)/SD23pos above, z = −3 + (x − SD3neg)/SD23neg below.
    pub fn z_restricted(self, x: f64) -> f64 {
        let z = self.z(x);
        if z > 3.0 {
            let sd3 = self.value(3.0);
            3.0 + (x - sd3) / (sd3 - self.value(2.0))
        } else if z < -3.0 {
            let sd3 = self.value(-3.0);
            -3.0 + (x - sd3) / (self.value(-2.0) - sd3)
        } else {
            z
        }
    }

    /// The value at z-score `z` under the restricted method: the inverse of
    /// [`Lms::z_restricted`] (a straight line beyond ±3).
    pub fn value_restricted(self, z: f64) -> f64 {
        if z > 3.0 {
            let sd3 = self.value(3.0);
            sd3 + (z - 3.0) * (sd3 - self.value(2.0))
        } else if z < -3.0 {
            let sd3 = self.value(-3.0);
            sd3 + (z + 3.0) * (self.value(-2.0) - sd3)
        } else {
            self.value(z)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Boys' weight-for-age at birth (WHO expanded table, day 0).
    const BOYS_WEIGHT_0: Lms = Lms {
        l: 0.3487,
        m: 3.3464,
        s: 0.14602,
    };

    #[test]
    fn the_median_is_z_zero_and_values_invert() {
        assert!(BOYS_WEIGHT_0.z(3.3464).abs() < 1e-12);
        for z in [-5.0, -3.5, -3.0, -2.0, -0.3, 0.0, 1.0, 2.5, 3.0, 3.2, 4.5] {
            let x = BOYS_WEIGHT_0.value_restricted(z);
            assert!((BOYS_WEIGHT_0.z_restricted(x) - z).abs() < 1e-9, "{z}");
        }
    }

    #[test]
    fn l_zero_is_the_log_normal() {
        let lms = Lms {
            l: 0.0,
            m: 10.0,
            s: 0.1,
        };
        assert!((lms.z(10.0 * 0.2f64.exp()) - 2.0).abs() < 1e-12);
        assert!((lms.value(-1.0) - 10.0 * (-0.1f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn beyond_three_the_restricted_score_is_linear_in_sd23() {
        let sd3 = BOYS_WEIGHT_0.value(3.0);
        let sd23 = sd3 - BOYS_WEIGHT_0.value(2.0);
        assert!((BOYS_WEIGHT_0.z_restricted(sd3 + sd23) - 4.0).abs() < 1e-12);
        // Out there the plain score differs; inside ±3 the two agree.
        assert!((BOYS_WEIGHT_0.z(sd3 + sd23) - 4.0).abs() > 0.01);
        assert_eq!(BOYS_WEIGHT_0.z_restricted(3.0), BOYS_WEIGHT_0.z(3.0));
    }
}
