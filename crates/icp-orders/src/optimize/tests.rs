use super::*;

fn rosenbrock(x: &[f64]) -> f64 {
    (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)
}

fn rosenbrock_grad(x: &[f64], g: &mut [f64]) -> f64 {
    g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
    g[1] = 200.0 * (x[1] - x[0] * x[0]);
    rosenbrock(x)
}

#[test]
fn bfgs_solves_rosenbrock() {
    let m = bfgs(rosenbrock_grad, &[-1.2, 1.0], &BfgsOptions::default()).unwrap();
    assert!(m.converged, "{m:?}");
    assert_eq!(m.method, Method::Bfgs);
    assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
    assert!(m.gradient_norm.unwrap() <= 1e-8 || m.termination == Termination::FunctionTolerance);
    assert!(m.iterations < 100, "{m:?}");
}

#[test]
fn bfgs_with_numerical_gradient() {
    let m = bfgs_numerical(
        rosenbrock,
        &[-1.2, 1.0],
        &BfgsOptions { gradient_tolerance: 1e-6, ..Default::default() },
    )
    .unwrap();
    assert!((m.x[0] - 1.0).abs() < 1e-4 && (m.x[1] - 1.0).abs() < 1e-4, "{m:?}");
}

#[test]
fn bfgs_quadratic_in_four_dimensions() {
    let centre = [3.0, -1.0, 0.5, 10.0];
    let weights = [1.0, 10.0, 100.0, 0.01];
    let fg = |x: &[f64], g: &mut [f64]| {
        let mut f = 0.0;
        for (((xi, gi), c), w) in x.iter().zip(g.iter_mut()).zip(centre).zip(weights) {
            let d = xi - c;
            f += w * d * d;
            *gi = 2.0 * w * d;
        }
        f
    };
    let m = bfgs(fg, &[0.0; 4], &BfgsOptions::default()).unwrap();
    assert!(m.converged);
    for (x, c) in m.x.iter().zip(centre) {
        assert!((x - c).abs() < 1e-6, "{m:?}");
    }
}

#[test]
fn bfgs_reports_iteration_budget() {
    let m = bfgs(
        rosenbrock_grad,
        &[-1.2, 1.0],
        &BfgsOptions { max_iterations: 3, ..Default::default() },
    )
    .unwrap();
    assert!(!m.converged);
    assert_eq!(m.termination, Termination::MaxIterations);
    assert_eq!(m.iterations, 3);
}

#[test]
fn bfgs_survives_a_domain_wall() {
    // f = x - ln x is +inf/NaN for x ≤ 0; minimum at x = 1.
    let fg = |x: &[f64], g: &mut [f64]| {
        g[0] = 1.0 - 1.0 / x[0];
        x[0] - x[0].ln()
    };
    let m = bfgs(fg, &[5.0], &BfgsOptions::default()).unwrap();
    assert!(m.converged, "{m:?}");
    assert!((m.x[0] - 1.0).abs() < 1e-6);
}

#[test]
fn nelder_mead_solves_rosenbrock() {
    let m = nelder_mead(rosenbrock, &[-1.2, 1.0], &NelderMeadOptions::default()).unwrap();
    assert!(m.converged, "{m:?}");
    assert_eq!(m.method, Method::NelderMead);
    assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6, "{m:?}");
    assert!(m.simplex_size.unwrap() <= 1e-9);
    assert!(m.restarts >= 1);
}

#[test]
fn nelder_mead_one_dimension_and_budget() {
    let m = nelder_mead(|x: &[f64]| (x[0] - 2.0).powi(2), &[0.0], &NelderMeadOptions::default())
        .unwrap();
    assert!(m.converged && (m.x[0] - 2.0).abs() < 1e-6, "{m:?}");
    let m = nelder_mead(
        rosenbrock,
        &[-1.2, 1.0],
        &NelderMeadOptions { max_iterations: 5, ..Default::default() },
    )
    .unwrap();
    assert!(!m.converged);
    assert_eq!(m.iterations, 5);
    assert_eq!(m.termination, Termination::MaxIterations);
}

#[test]
fn bad_starts_are_errors() {
    let o = BfgsOptions::default();
    assert_eq!(bfgs(rosenbrock_grad, &[], &o), Err(OptimizeError::EmptyStart));
    assert!(matches!(
        bfgs(rosenbrock_grad, &[f64::NAN, 1.0], &o),
        Err(OptimizeError::NonFiniteStart { index: 0, .. })
    ));
    let ln = |x: &[f64], g: &mut [f64]| {
        g[0] = 1.0 / x[0];
        x[0].ln()
    };
    assert!(matches!(bfgs(ln, &[-1.0], &o), Err(OptimizeError::NonFiniteObjective { .. })));
    assert!(matches!(
        nelder_mead(|x: &[f64]| x[0].ln(), &[-1.0], &NelderMeadOptions::default()),
        Err(OptimizeError::NonFiniteObjective { .. })
    ));
    assert!(matches!(
        nelder_mead(
            rosenbrock,
            &[0.0, 0.0],
            &NelderMeadOptions { initial_step: 0.0, ..Default::default() }
        ),
        Err(OptimizeError::InvalidOption(_))
    ));
    assert!(matches!(
        bfgs(
            rosenbrock_grad,
            &[0.0, 0.0],
            &BfgsOptions { gradient_tolerance: -1.0, ..Default::default() }
        ),
        Err(OptimizeError::InvalidOption(_))
    ));
}

#[test]
fn numerical_gradient_matches_analytic() {
    let x = [0.3, -0.7];
    let mut g = [0.0; 2];
    let mut ga = [0.0; 2];
    numerical_gradient(&mut |x: &[f64]| rosenbrock(x), &x, &mut g);
    rosenbrock_grad(&x, &mut ga);
    for i in 0..2 {
        assert!((g[i] - ga[i]).abs() < 1e-6 * ga[i].abs().max(1.0), "{g:?} {ga:?}");
    }
}
