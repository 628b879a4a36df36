using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// The losses and numerical kernels people write with loops over arrays and spans: regression losses over data,
/// softmax cross-entropy, n-dimensional Rosenbrock, Horner's rule, a dot product, a quadratic form, Newton's method,
/// a variable overwritten in a loop, piecewise losses and a two-layer perceptron. Each has a hand-written gradient.
/// </summary>
public static partial class LoopModels
{
    // ---------------------------------------------------------------------------------------------------------------
    // The MSE loss of linear regression, exactly as in the contract: data in [NoDerivative] read-only spans.

    [Differentiable(Forward = true)]
    public static double Mse(double w, double b,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            sum += r * r;
        }

        return sum / xs.Length;
    }

    // r_i = y_i - (w x_i + b): dL/dw = -2/n sum r_i x_i, dL/db = -2/n sum r_i.
    public static (double, double) MseAnalytic(double w, double b, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        double dw = 0, db = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            dw -= 2 * r * xs[i];
            db -= 2 * r;
        }

        return (dw / xs.Length, db / xs.Length);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Logistic regression: mean of log(1 + e^(-y_i z_i)), z_i = w . x_i + b, the samples the rows of a row-major
    // n x d matrix (a computed index i * d + j), labels +-1.

    [Differentiable(Forward = true)]
    public static double LogisticRegression(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] labels)
    {
        int d = w.Length;
        int n = labels.Length;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            loss += Math.Log(1 + Math.Exp(-labels[i] * z));
        }

        return loss / n;
    }

    // dL/dz_i = -y_i sigma(-y_i z_i) / n; dL/dw_j = sum_i dL/dz_i x_ij; dL/db = sum_i dL/dz_i.
    public static (double[], double) LogisticRegressionAnalytic(double[] w, double b, double[] xs, double[] labels)
    {
        int d = w.Length, n = labels.Length;
        double[] dw = new double[d];
        double db = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            double dz = -labels[i] / (1 + Math.Exp(labels[i] * z)) / n;
            for (int j = 0; j < d; j++)
            {
                dw[j] += dz * xs[i * d + j];
            }

            db += dz;
        }

        return (dw, db);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Softmax cross-entropy with a stable log-sum-exp: the running max is found by comparing active logits.

#pragma warning disable GG1002 // On purpose: the running max compares active logits (the loss itself is smooth).
    [Differentiable(Forward = true)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        double max = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp(logits[i] - max);
        }

        return max + Math.Log(sum) - logits[label];
    }
#pragma warning restore GG1002

    // softmax(z) - onehot(label): the max cancels out of the derivative.
    public static double[] SoftmaxCrossEntropyAnalytic(double[] logits, int label)
    {
        double max = logits.Max();
        double sum = logits.Sum(z => Math.Exp(z - max));
        double[] g = logits.Select(z => Math.Exp(z - max) / sum).ToArray();
        g[label] -= 1;
        return g;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // n-dimensional Rosenbrock: sum_i (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2.

    [Differentiable(Forward = true)]
    public static double RosenbrockN(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    public static double[] RosenbrockNAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double b = x[i + 1] - x[i] * x[i];
            g[i] += -2 * (1 - x[i]) - 400 * x[i] * b;
            g[i + 1] += 200 * b;
        }

        return g;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Horner's rule with active coefficients and point: acc is overwritten by a product with x (a tape).

    [Differentiable(Forward = true)]
    public static double Horner(double[] c, double x)
    {
        double acc = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            acc = acc * x + c[i];
        }

        return acc;
    }

    // p(x) = sum c_i x^i: dp/dc_i = x^i, dp/dx = sum i c_i x^(i-1).
    public static (double[], double) HornerAnalytic(double[] c, double x)
    {
        double[] dc = new double[c.Length];
        double dx = 0, power = 1;
        for (int i = 0; i < c.Length; i++)
        {
            dc[i] = power;
            if (i + 1 < c.Length)
            {
                dx += (i + 1) * c[i + 1] * power;
            }

            power *= x;
        }

        return (dc, dx);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A dot product of two active arrays.

    [Differentiable(Forward = true)]
    public static double DotProduct(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    public static (double[], double[]) DotProductAnalytic(double[] a, double[] b) => ((double[])b.Clone(), (double[])a.Clone());

    // ---------------------------------------------------------------------------------------------------------------
    // A quadratic form x^T A x with nested loops; A (row-major, computed index) and x both active.

    [Differentiable(Forward = true)]
    public static double QuadraticForm(ReadOnlySpan<double> x, double[] a)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += x[i] * a[i * n + j] * x[j];
            }
        }

        return s;
    }

    // d/dx = (A + A^T) x, d/dA_ij = x_i x_j.
    public static (double[], double[]) QuadraticFormAnalytic(double[] x, double[] a)
    {
        int n = x.Length;
        double[] dx = new double[n], da = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                dx[i] += a[i * n + j] * x[j];
                dx[j] += a[i * n + j] * x[i];
                da[i * n + j] = x[i] * x[j];
            }
        }

        return (dx, da);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Newton's method for Kepler's equation E - e sin E = m: differentiating through the iterations of a solver whose
    // trip count depends on the active values (it stops when the step is tiny).

#pragma warning disable GG1002 // On purpose: the solver stops when its step, an active value, is below a tolerance.
    [Differentiable(Forward = true)]
    public static double Kepler(double m, double e)
    {
        double anomaly = m;
        for (int k = 0; k < 50; k++)
        {
            double step = (anomaly - e * Math.Sin(anomaly) - m) / (1 - e * Math.Cos(anomaly));
            anomaly -= step;
            if (Math.Abs(step) < 1e-13)
            {
                break;
            }
        }

        return anomaly;
    }
#pragma warning restore GG1002

    // The implicit function theorem at the solution E: dE/dm = 1 / (1 - e cos E), dE/de = sin E / (1 - e cos E).
    // Differentiating the last Newton step gives this up to O(residual before it) <= 1e-13 (the stopping rule).
    public static (double, double) KeplerAnalytic(double m, double e)
    {
        double anomaly = Kepler(m, e);
        double denominator = 1 - e * Math.Cos(anomaly);
        return (1 / denominator, Math.Sin(anomaly) / denominator);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A loop that overwrites its own variable (a parameter): x = sin x + 0.5 x, n times.

    [Differentiable(Forward = true)]
    public static double OverwriteInLoop(double x, int n)
    {
        for (int k = 0; k < n; k++)
        {
            x = Math.Sin(x) + 0.5 * x;
        }

        return x;
    }

    // The chain rule forward: the product of cos x_k + 0.5 over the iterates.
    public static double OverwriteInLoopAnalytic(double x, int n)
    {
        double derivative = 1;
        for (int k = 0; k < n; k++)
        {
            derivative *= Math.Cos(x) + 0.5;
            x = Math.Sin(x) + 0.5 * x;
        }

        return derivative;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Piecewise losses over data: Huber (if/else on |r| <= delta) and a ReLU unit's squared error (?: on z > 0).

#pragma warning disable GG1002 // On purpose: Huber is quadratic inside |r| <= delta and linear outside.
    [Differentiable(Forward = true)]
    public static double Huber(double w, double b, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys,
        [NoDerivative] double delta)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            if (Math.Abs(r) <= delta)
            {
                sum += 0.5 * r * r;
            }
            else
            {
                sum += delta * (Math.Abs(r) - 0.5 * delta);
            }
        }

        return sum / xs.Length;
    }
#pragma warning restore GG1002

    // psi(r) = r inside, delta sign(r) outside; dL/dw = -1/n sum psi(r_i) x_i, dL/db = -1/n sum psi(r_i).
    public static (double, double) HuberAnalytic(double w, double b, double[] xs, double[] ys, double delta)
    {
        double dw = 0, db = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            double psi = Math.Abs(r) <= delta ? r : delta * Math.Sign(r);
            dw -= psi * xs[i];
            db -= psi;
        }

        return (dw / xs.Length, db / xs.Length);
    }

#pragma warning disable GG1002 // On purpose: a ReLU unit, the gradient of the branch taken.
    [Differentiable(Forward = true)]
    public static double Relu(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        int d = w.Length;
        double sum = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            double prediction = z > 0 ? z : 0;
            double r = prediction - ys[i];
            sum += r * r;
        }

        return sum / ys.Length;
    }
#pragma warning restore GG1002

    public static (double[], double) ReluAnalytic(double[] w, double b, double[] xs, double[] ys)
    {
        int d = w.Length, n = ys.Length;
        double[] dw = new double[d];
        double db = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            if (z <= 0)
            {
                continue; // a dead unit: no gradient from this sample
            }

            double dz = 2 * (z - ys[i]) / n;
            for (int j = 0; j < d; j++)
            {
                dw[j] += dz * xs[i * d + j];
            }

            db += dz;
        }

        return (dw, db);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A two-layer perceptron on one sample: h = tanh(W1 x + b1) in a stackalloc buffer, y' = w2 . h + b2, (y' - y)^2.

    [Differentiable(Forward = true)]
    public static double Mlp(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        int width = b1.Length;
        int d = x.Length;
        Span<double> hidden = stackalloc double[width];
        for (int k = 0; k < width; k++)
        {
            double z = b1[k];
            for (int j = 0; j < d; j++)
            {
                z += w1[k * d + j] * x[j];
            }

            hidden[k] = Math.Tanh(z);
        }

        double output = b2;
        for (int k = 0; k < width; k++)
        {
            output += w2[k] * hidden[k];
        }

        double error = output - y;
        return error * error;
    }

    // Backpropagation by hand.
    public static (double[], double[], double[], double) MlpAnalytic(double[] w1, double[] b1, double[] w2, double b2, double[] x, double y)
    {
        int width = b1.Length, d = x.Length;
        double[] h = new double[width];
        double output = b2;
        for (int k = 0; k < width; k++)
        {
            double z = b1[k];
            for (int j = 0; j < d; j++)
            {
                z += w1[k * d + j] * x[j];
            }

            h[k] = Math.Tanh(z);
            output += w2[k] * h[k];
        }

        double dOutput = 2 * (output - y);
        double[] dw1 = new double[w1.Length], db1 = new double[width], dw2 = new double[width];
        for (int k = 0; k < width; k++)
        {
            dw2[k] = dOutput * h[k];
            double dz = dOutput * w2[k] * (1 - h[k] * h[k]);
            db1[k] = dz;
            for (int j = 0; j < d; j++)
            {
                dw1[k * d + j] = dz * x[j];
            }
        }

        return (dw1, db1, dw2, dOutput);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Data and cases.

    // Roughly y = 2x + 0.1 with noise.
    internal static readonly double[] MseXs = [0.5, 1.5, -2.0, 3.0, 0.25, -1.0];
    internal static readonly double[] MseYs = [1.2, 2.9, -3.1, 6.2, 0.4, -1.9];

    // 5 samples of 3 features, row-major; labels +-1.
    internal static readonly double[] LogisticXs =
    [
        0.5, -1.2, 2.0,
        1.5, 0.3, -0.7,
        -0.4, 2.2, 1.1,
        2.5, -0.6, 0.0,
        -1.3, -0.8, 0.9,
    ];

    internal static readonly double[] LogisticLabels = [1, -1, 1, -1, 1];

    internal const int SoftmaxLabel = 2;

    internal const int OverwriteInLoopCount = 10;

    internal const double HuberDelta = 1.0;

    // 6 samples of 2 features for the ReLU unit.
    internal static readonly double[] ReluXs = [0.5, -1.0, 1.5, 0.25, -2.0, 0.75, 1.0, 1.0, -0.3, -1.7, 2.2, -0.4];
    internal static readonly double[] ReluYs = [0.3, 1.1, 0.0, 1.8, 0.5, 2.0];

    internal static readonly double[] MlpX = [0.7, -1.2];
    internal const double MlpY = 0.4;

    private static readonly Layout MlpLayout = new(("w1", 6), ("b1", 3), ("w2", 3), ("b2", 0));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        // The MSE is smooth: no point needs to avoid anything. The last is near the least-squares fit.
        yield return Case.D2(nameof(Mse), ["w", "b"],
            (w, b) => Mse(w, b, MseXs, MseYs),
            (w, b) => MseGradient(w, b, MseXs, MseYs),
            (w, b) => MseValueAndGradient(w, b, MseXs, MseYs),
            (double w, double b, double seed, ref double dw, ref double db) => MsePullback(w, b, MseXs, MseYs, seed, ref dw, ref db),
            (w, b) => MseAnalytic(w, b, MseXs, MseYs),
            (0.5, -0.3), (2.0, 0.1), (-1.5, 2.5), (1.97, 0.12)) with { Pushforward = (p, tangent) => MsePushforward(p[0], p[1], MseXs, MseYs, tangent[0], tangent[1]) };

        yield return LoopCase.VectorScalar(nameof(LogisticRegression), ("w", 3, "b"),
            (w, b) => LogisticRegression(w, b, LogisticXs, LogisticLabels), (w, b) => LogisticRegressionGradient(w, b, LogisticXs, LogisticLabels),
            (w, b) => LogisticRegressionValueAndGradient(w, b, LogisticXs, LogisticLabels),
            (double[] w, double b, double seed, Span<double> dw, ref double db) => LogisticRegressionPullback(w, b, LogisticXs, LogisticLabels, seed, dw, ref db),
            (w, b) => LogisticRegressionAnalytic(w, b, LogisticXs, LogisticLabels),
            [0.5, -0.25, 1.0, 0.1], [-1.5, 2.0, 0.3, -0.7], [0.0, 0.0, 0.0, 0.0], [3.0, 1.0, -2.0, 1.5]) with { Pushforward = (p, tangent) => LogisticRegressionPushforward(p[..3], p[3], LogisticXs, LogisticLabels, tangent.AsSpan(0, 3), tangent[3]) };

        // The max is at different indices at each point, never tied within the finite-difference step (the loss is
        // smooth anyway; only rounding differs with the index of the max).
        yield return new DoubleCase
        {
            Name = nameof(SoftmaxCrossEntropy),
            Parameters = ["z[0]", "z[1]", "z[2]", "z[3]"],
            Value = p => SoftmaxCrossEntropy(p, SoftmaxLabel),
            Gradient = p => SoftmaxCrossEntropyGradient(p, SoftmaxLabel),
            ValueAndGradient = p => SoftmaxCrossEntropyValueAndGradient(p, SoftmaxLabel),
            Pullback = (p, seed, a) => SoftmaxCrossEntropyPullback(p, SoftmaxLabel, seed, a),
            Pushforward = (p, tangent) => SoftmaxCrossEntropyPushforward(p, SoftmaxLabel, tangent),
            Analytic = p => SoftmaxCrossEntropyAnalytic(p, SoftmaxLabel),
            Points = [[1.0, -0.5, 2.0, 0.3], [3.0, 2.2, -1.0, 0.5], [-2.0, -1.0, -3.0, -0.5], [0.1, 40.0, 39.0, -7.0]],
        };

        yield return new DoubleCase
        {
            Name = nameof(RosenbrockN),
            Parameters = ["x[0]", "x[1]", "x[2]", "x[3]", "x[4]"],
            Value = p => RosenbrockN(p),
            Gradient = p => RosenbrockNGradient(p),
            ValueAndGradient = p => RosenbrockNValueAndGradient(p),
            Pullback = (p, seed, a) => RosenbrockNPullback(p, seed, a),
            Pushforward = (p, tangent) => RosenbrockNPushforward(p, tangent),
            Analytic = RosenbrockNAnalytic,
            Points = [[-1.2, 1.0, 0.5, -0.3, 0.8], [1.0, 1.0, 1.0, 1.0, 1.0], [0.3, -0.7, 1.4, 2.0, -1.1]],
        };

        yield return LoopCase.VectorScalar(nameof(Horner), ("c", 5, "x"), Horner, HornerGradient, HornerValueAndGradient,
            (double[] c, double x, double seed, Span<double> dc, ref double dx) => HornerPullback(c, x, seed, dc, ref dx), HornerAnalytic,
            [1, -2, 0.5, 3, -1, 0.7], [0.3, 0.1, -0.4, 2, 1.5, -1.3], [2, 0, 0, 0, 1, 2.0], [1, 1, 1, 1, 1, 0.0]) with { Pushforward = (p, tangent) => HornerPushforward(p[..5], p[5], tangent.AsSpan(0, 5), tangent[5]) };

        yield return LoopCase.TwoVectors(nameof(DotProduct), ("a", 4, "b", 4), DotProduct, DotProductGradient, DotProductValueAndGradient,
            (a, b, seed, da, db) => DotProductPullback(a, b, seed, da, db), DotProductAnalytic,
            [1, 2, 3, 4, -0.5, 0.25, 2, -1], [0.1, -7, 2.5, 0, 3, 3, -3, 1e3]) with { Pushforward = (p, tangent) => DotProductPushforward(p[..4], p[4..8], tangent.AsSpan(0, 4), tangent.AsSpan(4, 4)) };

        yield return LoopCase.TwoVectors(nameof(QuadraticForm), ("x", 3, "a", 9), (x, a) => QuadraticForm(x, a), (x, a) => QuadraticFormGradient(x, a),
            (x, a) => QuadraticFormValueAndGradient(x, a), (x, a, seed, dx, da) => QuadraticFormPullback(x, a, seed, dx, da), QuadraticFormAnalytic,
            [1.0, -2.0, 0.5, 2, 1, 0, 1, 3, -1, 0, -1, 4],
            [0.3, 0.7, -1.1, 1, -0.5, 2, 0.25, 1, 0, -3, 1.5, 0.5]) with { Pushforward = (p, tangent) => QuadraticFormPushforward(p[..3], p[3..12], tangent.AsSpan(0, 3), tangent.AsSpan(3, 9)) };

        // Solutions from near-circular (e = 0.1) to very eccentric (e = 0.9) orbits; a few Newton steps each.
        yield return Case.D2(nameof(Kepler), ["m", "e"], Kepler, KeplerGradient, KeplerValueAndGradient, KeplerPullback,
            KeplerAnalytic, (1.0, 0.3), (2.5, 0.7), (-0.8, 0.5), (0.3, 0.9), (4.0, 0.1));

        yield return Case.D1(nameof(OverwriteInLoop), ["x"],
            x => OverwriteInLoop(x, OverwriteInLoopCount),
            x => OverwriteInLoopGradient(x, OverwriteInLoopCount),
            x => OverwriteInLoopValueAndGradient(x, OverwriteInLoopCount),
            (double x, double seed, ref double dx) => OverwriteInLoopPullback(x, OverwriteInLoopCount, seed, ref dx),
            x => OverwriteInLoopAnalytic(x, OverwriteInLoopCount),
            0.3, -1.7, 2.5, 4.0) with { Pushforward = (p, tangent) => OverwriteInLoopPushforward(p[0], OverwriteInLoopCount, tangent[0]) };

        // Residuals r_i = y_i - (w x_i + b) at these points are at least 0.1 away from +-delta, far more than the
        // finite-difference steps move them (~2.4e-4 times |x_i| <= 3): no difference straddles the switch between
        // the branches. (Some r_i are 0, inside the quadratic branch, where |r| has no effect.)
        // (0.5, -0.3): r = 1.25, 2.45, -1.8, 5, 0.575, -1.1 (two inside, four outside); (2.0, 0.1): all inside;
        // (-1.0, 1.0): five outside; (1.2, 0.6): 0, 0.5, -1.3, 2, -0.5, -1.3.
        yield return Case.D2(nameof(Huber), ["w", "b"],
            (w, b) => Huber(w, b, MseXs, MseYs, HuberDelta),
            (w, b) => HuberGradient(w, b, MseXs, MseYs, HuberDelta),
            (w, b) => HuberValueAndGradient(w, b, MseXs, MseYs, HuberDelta),
            (double w, double b, double seed, ref double dw, ref double db) =>
                HuberPullback(w, b, MseXs, MseYs, HuberDelta, seed, ref dw, ref db),
            (w, b) => HuberAnalytic(w, b, MseXs, MseYs, HuberDelta),
            (0.5, -0.3), (2.0, 0.1), (-1.0, 1.0), (1.2, 0.6)) with { Pushforward = (p, tangent) => HuberPushforward(p[0], p[1], MseXs, MseYs, HuberDelta, tangent[0], tangent[1]) };

        // Pre-activations z_i at these points are at least 0.05 away from 0 (some samples dead, some alive), ~100
        // finite-difference steps, so no difference straddles the kink.
        yield return LoopCase.VectorScalar(nameof(Relu), ("w", 2, "b"),
            (w, b) => Relu(w, b, ReluXs, ReluYs), (w, b) => ReluGradient(w, b, ReluXs, ReluYs), (w, b) => ReluValueAndGradient(w, b, ReluXs, ReluYs),
            (double[] w, double b, double seed, Span<double> dw, ref double db) => ReluPullback(w, b, ReluXs, ReluYs, seed, dw, ref db),
            (w, b) => ReluAnalytic(w, b, ReluXs, ReluYs),
            [0.5, -0.5, 0.2], [1.0, 1.0, -0.5], [-0.8, 0.3, 0.45]) with { Pushforward = (p, tangent) => ReluPushforward(p[..2], p[2], ReluXs, ReluYs, tangent.AsSpan(0, 2), tangent[2]) };

        yield return new DoubleCase
        {
            Name = nameof(Mlp),
            Parameters = MlpLayout.Names,
            Value = p => Mlp(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY),
            Gradient = p =>
            {
                (double[] dw1, double[] db1, double[] dw2, double db2) =
                    MlpGradient(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY);
                return Layout.Join(dw1, db1, dw2, [db2]);
            },
            ValueAndGradient = p =>
            {
                (double value, (double[] dw1, double[] db1, double[] dw2, double db2)) =
                    MlpValueAndGradient(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY);
                return (value, Layout.Join(dw1, db1, dw2, [db2]));
            },
            Pullback = (p, seed, a) => MlpPullback(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY,
                seed, MlpLayout.Span(a, 0), MlpLayout.Span(a, 1), MlpLayout.Span(a, 2), ref MlpLayout.Scalar(a, 3)),
            Pushforward = (p, tangent) => MlpPushforward(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY, MlpLayout.Span(tangent, 0), MlpLayout.Span(tangent, 1), MlpLayout.Span(tangent, 2), MlpLayout.Scalar(tangent, 3)),
            Analytic = p =>
            {
                (double[] dw1, double[] db1, double[] dw2, double db2) =
                    MlpAnalytic(MlpLayout.Array(p, 0), MlpLayout.Array(p, 1), MlpLayout.Array(p, 2), MlpLayout.Scalar(p, 3), MlpX, MlpY);
                return Layout.Join(dw1, db1, dw2, [db2]);
            },
            Points =
            [
                [0.5, -0.3, 0.8, 0.1, -1.2, 0.4, 0.1, -0.2, 0.3, 1.0, -0.7, 0.5, 0.05],
                [-1.0, 0.6, 0.2, 0.9, 0.4, -0.5, 0.0, 0.5, -0.1, -0.3, 1.2, 0.8, -0.4],
                [2.0, 1.5, -1.5, 0.7, 0.3, 0.3, 1.0, -1.0, 0.2, 0.6, 0.6, -2.0, 1.1],
            ],
        };
    }
}
