namespace GradGen.Numerics.Tests.SecondOrder;

/// <summary>
/// Methods marked <c>[Differentiable(Hessian = true)]</c>, tested by <see cref="HessianTests"/> (their Hessians, Hessian-vector
/// products and gradients) rather than through the registry's gradient cases: scalars, arrays and spans, loops whose values go
/// on a tape, branches, early returns, local arrays and local functions, in double and float.
/// </summary>
public static partial class HessianFunctions
{
    // Straight-line code in two scalars: H = [[1200x² - 400y + 2, -400x], [-400x, 200]].
    [Differentiable(Hessian = true)]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable(Hessian = true)]
    public static float RosenbrockF(float x, float y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>
    /// Mean logistic loss of n samples of d features (xs row by row) plus (λ/2)|w|²: a loop over samples with an inner loop
    /// over features, Exp and Log, and a local function. H = (1/n) Σ p(1 - p) [x; 1][x; 1]ᵀ + λ diag(1, ..., 1, 0).
    /// </summary>
    [Differentiable(Hessian = true)]
    public static double Logistic(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys, [NoDerivative] double lambda)
    {
        static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

        int d = w.Length;
        int n = ys.Length;
        double sum = 0;
        for (int s = 0; s < n; s++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * xs[s * d + j];

            // -log σ(z) for y = 1, -log(1 - σ(z)) for y = 0.
            double loss;
            if (ys[s] > 0.5) loss = Softplus(-z);
            else loss = Softplus(z);
            sum += loss;
        }

        double penalty = 0;
        for (int j = 0; j < d; j++) penalty += w[j] * w[j];
        return sum / n + 0.5 * lambda * penalty;
    }

    public static double[,] LogisticAnalytic(double[] w, double b, double[] xs, double[] ys, double lambda)
    {
        int d = w.Length, n = ys.Length;
        var h = new double[d + 1, d + 1];
        for (int s = 0; s < n; s++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * xs[s * d + j];
            double p = 1 / (1 + Math.Exp(-z));
            double weight = p * (1 - p) / n;
            for (int i = 0; i <= d; i++)
            {
                double xi = i < d ? xs[s * d + i] : 1;
                for (int j = 0; j <= d; j++) h[i, j] += weight * xi * (j < d ? xs[s * d + j] : 1);
            }
        }

        for (int j = 0; j < d; j++) h[j, j] += lambda;
        return h;
    }

    /// <summary>A recurrence overwritten in a loop (its values go on a tape, which carries their tangents too) with a branch
    /// on a differentiable value inside the loop and an early return.</summary>
    [Differentiable(Hessian = true)]
    public static double Recurrence(ReadOnlySpan<double> w, double a)
    {
        double h = a;
        for (int i = 0; i < w.Length; i++)
        {
            if (h > 0) h = Math.Sin(w[i] * h) + a * h;
            else h = w[i] * h * h - Math.Exp(h);
        }

        if (h < -10) return 0;
        return h * h * a;
    }

    /// <summary>A while loop whose trip count depends on the data, a local array written then read back, Pow and Sqrt.</summary>
    [Differentiable(Hessian = true)]
    public static double Buffered(double[] v, [NoDerivative] int rounds)
    {
        double[] tmp = new double[v.Length];
        for (int i = 0; i < v.Length; i++) tmp[i] = Math.Sqrt(1 + v[i] * v[i]);
        double acc = 1;
        int k = 0;
        while (k < rounds)
        {
            for (int i = 0; i < tmp.Length; i++) acc = acc * 0.5 + Math.Pow(tmp[i], 1.5) * v[(i + k) % v.Length];
            k++;
        }

        return acc;
    }

    /// <summary>The float form of <see cref="Recurrence"/>, with an array parameter.</summary>
    [Differentiable(Hessian = true)]
    public static float RecurrenceF(float[] w, float a)
    {
        float h = a;
        for (int i = 0; i < w.Length; i++)
        {
            if (h > 0) h = MathF.Sin(w[i] * h) + a * h;
            else h = w[i] * h * h - MathF.Exp(h);
        }

        if (h < -10) return 0;
        return h * h * a;
    }
    /// <summary><see cref="Logistic"/> written with calls, as models are: a <c>[Differentiable]</c> method for the affine part (its
    /// loop over features), a helper for the stable softplus (a branch) and one for |w|² (taking the array). The Hessian-vector
    /// product pushes the direction through each callee's pullback; the Hessian is <see cref="LogisticAnalytic"/>'s.</summary>
    [Differentiable(Hessian = true)]
    public static double LogisticThroughCalls(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys, [NoDerivative] double lambda)
    {
        int n = ys.Length;
        double sum = 0;
        for (int s = 0; s < n; s++)
        {
            double z = Affine(w, b, xs, s * w.Length);
            double loss;
            if (ys[s] > 0.5) loss = StableSoftplus(-z);
            else loss = StableSoftplus(z);
            sum += loss;
        }

        return sum / n + 0.5 * lambda * SquaredNorm(w);
    }

    /// <summary>b + w · xs[offset .. offset + |w|].</summary>
    [Differentiable]
    public static double Affine(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] int offset)
    {
        double z = b;
        for (int j = 0; j < w.Length; j++) z += w[j] * xs[offset + j];
        return z;
    }

    private static double StableSoftplus(double z)
    {
        if (z > 0) return z + Math.Log(1 + Math.Exp(-z));
        return Math.Log(1 + Math.Exp(z));
    }

    private static double SquaredNorm(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
        return s;
    }

    /// <summary><see cref="RecurrenceF"/>'s step as a float helper called in the loop (its value taped, its pullback pushed forward
    /// once per step), compared with <see cref="Recurrence"/>.</summary>
    [Differentiable(Hessian = true)]
    public static float RecurrenceThroughCallsF(float[] w, float a)
    {
        float h = a;
        for (int i = 0; i < w.Length; i++) h = StepF(h, w[i], a);
        if (h < -10) return 0;
        return h * h * a;
    }

    private static float StepF(float h, float w, float a)
    {
        if (h > 0) return MathF.Sin(w * h) + a * h;
        return w * h * h - MathF.Exp(h);
    }

    /// <summary>Horner's rule by recursion over the coefficients, Σ cᵢ xⁱ: the Hessian method calls itself, so its Hessian-vector
    /// product calls its own pullback pushed forward, once per level. H: ∂²/∂x² = Σ i(i−1) cᵢ xⁱ⁻², ∂²/∂cᵢ∂x = i xⁱ⁻¹, 0 between
    /// coefficients.</summary>
    [Differentiable(Hessian = true)]
    public static double Horner(double[] c, double x, int i)
    {
        if (i == c.Length) return 0;
        double rest = Horner(c, x, i + 1);
        return c[i] + x * rest;
    }

    /// <summary>(1.5 Σ aᵢ²)(Σ sin aᵢ) through an array helper that walks its span parameter with foreach: the helper is
    /// written where it is called, its span bound to the caller's array. With P = 1.5 Σ aᵢ² and S = Σ sin aᵢ,
    /// H = 3 S I + 3 a cosᵀ + 3 cos aᵀ − P diag(sin a).</summary>
    [Differentiable(Hessian = true)]
    public static double ThroughSpanHelper(double[] a)
    {
        double[] sums = SquaresAndSines(a, 1.5);
        return sums[0] * sums[1];
    }

    private static double[] SquaresAndSines(ReadOnlySpan<double> v, double scale)
    {
        double[] sums = new double[2];
        foreach (double x in v)
        {
            sums[0] += scale * x * x;
            sums[1] += Math.Sin(x);
        }

        return sums;
    }

    public static double[,] ThroughSpanHelperAnalytic(double[] a)
    {
        int n = a.Length;
        double p = 0, s = 0;
        foreach (double x in a)
        {
            p += 1.5 * x * x;
            s += Math.Sin(x);
        }

        var h = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                h[i, j] = 3 * a[i] * Math.Cos(a[j]) + 3 * Math.Cos(a[i]) * a[j] + (i == j ? 3 * s - p * Math.Sin(a[i]) : 0);
            }
        }

        return h;
    }

    public static double[,] HornerAnalytic(double[] c, double x)
    {
        int n = c.Length;
        var h = new double[n + 1, n + 1];
        for (int i = 0; i < n; i++)
        {
            h[n, n] += i < 2 ? 0 : i * (i - 1) * c[i] * Math.Pow(x, i - 2);
            h[i, n] = h[n, i] = i == 0 ? 0 : i * Math.Pow(x, i - 1);
        }

        return h;
    }

    /// <summary>Tree recursion, two calls of itself per level with different arguments, with its own pushforward as well
    /// (<c>Forward = true</c>): the Hessian-vector product pushes forward both the pullback and the values of its calls.</summary>
    [Differentiable(Forward = true, Hessian = true)]
    public static double Tree(double x, double y, int depth)
    {
        if (depth == 0) return Math.Sin(x) * y;
        double left = Tree(x * y, y + 0.5, depth - 1);
        double right = Tree(x + 1, y * y, depth - 1);
        return left * right + x;
    }

    /// <summary>A helper that calls itself (the normal CDF by symmetry, as pricing code writes it) inside a loss: the helper's
    /// pullback pushed forward calls itself.</summary>
    [Differentiable(Hessian = true)]
    public static double Priced(double spot, double vol)
    {
        double d = (Math.Log(spot) + 0.5 * vol * vol) / vol;
        return spot * NormCdf(d) - NormCdf(d - vol);
    }

    private static double NormCdf(double x)
    {
        if (x < 0) return 1 - NormCdf(-x);
        double t = 1 / (1 + 0.2316419 * x);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
    }
}

/// <summary>Jagged and two-dimensional weights: a Hessian method over both, through a helper that takes them (its pullback adds into
/// grid adjoints, pushed forward) and one that takes fixed jagged data (a grid argument that does not vary).</summary>
public static partial class GridHessians
{
    [Differentiable(Hessian = true)]
    public static double Loss(double[][] w, double[,] m, double b, [NoDerivative] double[][] data) =>
        b * b + Layer(w, m, b) + Frozen(data, b) * Layer(w, m, 0.5);

    private static double Layer(double[][] w, double[,] m, double b)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            for (int j = 0; j < w[i].Length; j++) s += Math.Sin(w[i][j] * b) * m[i, j] + w[i][j] * w[i][j] * m[i, j];
        }

        return s;
    }

    private static double Frozen(double[][] data, double b) => data[0][0] * b * b;
}

/// <summary>A line (a record struct) and a small layer (a class with an array member and a property) as model-type parameters of a
/// Hessian method: the direction is a value of each type, and H·v comes back as one, member by member.</summary>
public record struct HessianLine(double W, double B);

public sealed class HessianLayer
{
    public double[] W { get; init; } = [];

    public double Bias { get; init; }
}

public static partial class ModelHessians
{
    [Differentiable(Hessian = true)]
    public static double Loss(HessianLine line, HessianLayer layer, double c, [NoDerivative] double[] xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double z = line.W * xs[i] + line.B;
            s += Math.Sin(z * layer.W[i % layer.W.Length]) + layer.Bias * z * c;
        }

        return s + c * c * line.W;
    }

    /// <summary>A model passed whole to a [Differentiable] method: through its memberwise pullback, pushed forward.</summary>
    [Differentiable(Hessian = true)]
    public static double Fit(HessianLine line, [NoDerivative] double[] xs)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = Predict(line, xs[i]) - 0.5;
            s += e * e;
        }

        return s;
    }

    [Differentiable]
    public static double Predict(HessianLine line, [NoDerivative] double x) => Math.Tanh(line.W * x + line.B);
}

/// <summary>WithRespectToThis with a Hessian: the instance's members (an array and a scalar) are inputs, first.</summary>
public sealed partial class HessianNet
{
    public double[] V = [0.3, -0.2];

    public double S = 0.7;

    [Differentiable(Hessian = true, WithRespectToThis = true)]
    public double Own(double x) => Math.Tanh(V[0] * x + V[1] * S) * S + x * x * S;
}

/// <summary>An instance method with a Hessian calling an instance helper that reads a member: K x³y³ + sin(K y³).</summary>
public sealed partial class ScaledCubic(double k)
{
    public double K { get; } = k;

    private double Cube(double u) => K * u * u * u;

    [Differentiable(Hessian = true)]
    public double Loss(double x, double y) => Cube(x * y) + Math.Sin(Cube(y));

    public double[,] Analytic(double x, double y)
    {
        double c = K * y * y * y, dc = 3 * K * y * y, ddc = 6 * K * y;
        double yy = -Math.Sin(c) * dc * dc + Math.Cos(c) * ddc;
        return new[,]
        {
            { 6 * K * x * y * y * y, 9 * K * x * x * y * y },
            { 9 * K * x * x * y * y, 6 * K * x * x * x * y + yy },
        };
    }
}
