using System;
using System.Globalization;
using System.Text;

namespace GradGen
{
    /// <summary>
    /// Checks a gradient (a generated one, a custom pullback, a hand-written one) against finite differences of the function,
    /// for use in your own tests:
    /// <code>
    /// var check = GradientChecker.Compare(p => Losses.Rosenbrock(p[0], p[1]),
    ///                                   p => { var (dx, dy) = Losses.RosenbrockGradient(p[0], p[1]); return new[] { dx, dy }; },
    ///                                   new[] { -1.2, 1.0 });
    /// Assert.True(check.Passed, check.ToString());
    /// </code>
    /// </summary>
    /// <remarks>
    /// Each partial derivative is estimated by central differences with Richardson extrapolation (error of order h⁴, with
    /// h = 10⁻³·max(1, |xᵢ|)), and compared with <c>|actual − estimate| ≤ tolerance · max(1, |estimate|)</c>. Finite
    /// differences are only as good as the function is smooth around the point: away from kinks and branches the estimate
    /// holds about 10 significant digits for functions of ordinary size. The function must not change its argument.
    /// </remarks>
    public static class GradientChecker
    {
        /// <summary>Compares <paramref name="gradient"/>, the gradient claimed at <paramref name="point"/>, with finite differences
        /// of <paramref name="function"/> there.</summary>
        /// <exception cref="ArgumentException">The gradient's length is not the point's.</exception>
        public static GradientCheckResult Compare(Func<double[], double> function, double[] gradient, double[] point, double tolerance = 1e-6)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            if (point is null) throw new ArgumentNullException(nameof(point));
            if (gradient.Length != point.Length)
            {
                throw new ArgumentException("the gradient has " + gradient.Length + " elements and the point " + point.Length, nameof(gradient));
            }

            var estimate = new double[point.Length];
            var x = (double[])point.Clone();
            for (int i = 0; i < point.Length; i++) estimate[i] = Partial(function, x, i);

            double worst = 0;
            int worstIndex = -1;
            for (int i = 0; i < point.Length; i++)
            {
                double error = Math.Abs(gradient[i] - estimate[i]) / Math.Max(1.0, Math.Abs(estimate[i]));
                if (double.IsNaN(error)) error = double.PositiveInfinity;
                if (error > worst || worstIndex < 0)
                {
                    worst = error;
                    worstIndex = i;
                }
            }

            return new GradientCheckResult((double[])gradient.Clone(), estimate, worst, point.Length == 0 ? -1 : worstIndex, tolerance);
        }

        /// <summary>Compares the gradient that <paramref name="gradient"/> computes at <paramref name="point"/> with finite
        /// differences of <paramref name="function"/> there.</summary>
        public static GradientCheckResult Compare(Func<double[], double> function, Func<double[], double[]> gradient, double[] point, double tolerance = 1e-6)
        {
            if (gradient is null) throw new ArgumentNullException(nameof(gradient));
            if (point is null) throw new ArgumentNullException(nameof(point));
            return Compare(function, gradient((double[])point.Clone()), point, tolerance);
        }

        /// <summary>Compares <paramref name="derivative"/> of a function of one variable with finite differences of
        /// <paramref name="function"/> at <paramref name="x"/>.</summary>
        public static GradientCheckResult Compare(Func<double, double> function, Func<double, double> derivative, double x, double tolerance = 1e-6)
        {
            if (function is null) throw new ArgumentNullException(nameof(function));
            if (derivative is null) throw new ArgumentNullException(nameof(derivative));
            return Compare(p => function(p[0]), new[] { derivative(x) }, new[] { x }, tolerance);
        }

        /// <summary>∂f/∂xᵢ at x by central differences at h and h/2, extrapolated (Richardson): x is restored afterwards.</summary>
        private static double Partial(Func<double[], double> f, double[] x, int i)
        {
            double xi = x[i];
            double h = 1e-3 * Math.Max(1.0, Math.Abs(xi));
            double Central(double step)
            {
                x[i] = xi + step;
                double plus = f(x);
                x[i] = xi - step;
                double minus = f(x);
                x[i] = xi;
                return (plus - minus) / (2 * step);
            }

            double coarse = Central(h);
            double fine = Central(h / 2);
            return (4 * fine - coarse) / 3;
        }
    }

    /// <summary>What <see cref="GradientChecker"/> found: the gradient given, the finite-difference estimate, and the worst
    /// disagreement.</summary>
    public sealed class GradientCheckResult
    {
        internal GradientCheckResult(double[] actual, double[] estimate, double maxError, int worstIndex, double tolerance)
        {
            Actual = actual;
            Estimate = estimate;
            MaxError = maxError;
            WorstIndex = worstIndex;
            Tolerance = tolerance;
        }

        /// <summary>The gradient that was checked.</summary>
        public double[] Actual { get; }

        /// <summary>The finite-difference estimate of each partial derivative.</summary>
        public double[] Estimate { get; }

        /// <summary>The largest <c>|actual − estimate| / max(1, |estimate|)</c> (infinite where the gradient is NaN).</summary>
        public double MaxError { get; }

        /// <summary>The index where <see cref="MaxError"/> occurs (-1 for an empty point).</summary>
        public int WorstIndex { get; }

        /// <summary>The tolerance the check used.</summary>
        public double Tolerance { get; }

        /// <summary>Whether every partial derivative agrees with its estimate within the tolerance.</summary>
        public bool Passed => MaxError <= Tolerance;

        /// <summary>Throws <see cref="InvalidOperationException"/> with <see cref="ToString"/> when the check did not pass.</summary>
        public void ThrowIfFailed()
        {
            if (!Passed) throw new InvalidOperationException(ToString());
        }

        /// <summary>A line per partial derivative that disagrees (all of them when few), for a test's failure message.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append(Passed ? "gradient agrees with finite differences" : "gradient disagrees with finite differences")
              .Append(" (largest error ").Append(MaxError.ToString("G3", CultureInfo.InvariantCulture))
              .Append(WorstIndex >= 0 ? " at [" + WorstIndex.ToString(CultureInfo.InvariantCulture) + "]" : "")
              .Append(", tolerance ").Append(Tolerance.ToString("G3", CultureInfo.InvariantCulture)).Append(')');
            for (int i = 0; i < Actual.Length; i++)
            {
                double error = Math.Abs(Actual[i] - Estimate[i]) / Math.Max(1.0, Math.Abs(Estimate[i]));
                if (Actual.Length > 8 && !(error > Tolerance)) continue;
                sb.AppendLine().Append("  [").Append(i.ToString(CultureInfo.InvariantCulture)).Append("] gradient ")
                  .Append(Actual[i].ToString("R", CultureInfo.InvariantCulture)).Append(", finite differences ")
                  .Append(Estimate[i].ToString("R", CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }
}
