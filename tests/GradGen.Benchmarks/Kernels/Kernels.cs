using System.Linq;
using GradGen;

namespace GradGen.Benchmarks;

/// <summary>
/// The benchmark kernels as GradGen sees them: plain C# marked [Differentiable]. GradGen generates
/// <c>FGradient</c>, <c>FValueAndGradient</c> and <c>FPullback</c> for each of them at compile time.
/// Every other variant (hand-written, dual numbers, tape, finite differences) computes the same
/// math in the same order.
/// </summary>
public static partial class Kernels
{
    /// <summary>x² + 3y², called in a hot loop.</summary>
    [Differentiable]
    public static double Quadratic(double x, double y) => x * x + 3 * y * y;

    /// <summary>The mean squared error of a line, exactly as in the contract.</summary>
    [Differentiable]
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

    /// <summary>
    /// The mean logistic loss of a linear model over <c>ys.Length</c> samples with <c>w.Length</c>
    /// features; <paramref name="xs"/> holds the samples row by row. Per sample, with z = w·x + b,
    /// the loss is log(1 + e^-z) + (1 - y) z (the same as -y log σ(z) - (1 - y) log(1 - σ(z))).
    /// </summary>
    [Differentiable]
    public static double Logistic(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }
            loss += Math.Log(1 + Math.Exp(-z)) + (1 - ys[i]) * z;
        }
        return loss / ys.Length;
    }

    /// <summary>The n-dimensional Rosenbrock function (with its pushforward: the directional-derivative benchmark).</summary>
    [Differentiable(Forward = true)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double c = 1 - x[i];
            f += 100 * a * a + c * c;
        }
        return f;
    }

    /// <summary>
    /// The squared error of a small MLP on one sample: <c>b1.Length</c> tanh hidden units (kept in a
    /// stackalloc span), <c>x.Length</c> inputs, one linear output. <paramref name="w1"/> is the
    /// hidden layer's weight matrix row by row (one row of <c>x.Length</c> weights per hidden unit).
    /// </summary>
    [Differentiable]
    public static double MlpLoss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        int inputs = x.Length;
        Span<double> h = stackalloc double[MlpShape.MaxHidden];
        for (int j = 0; j < b1.Length; j++)
        {
            double a = b1[j];
            for (int k = 0; k < inputs; k++)
            {
                a += w1[j * inputs + k] * x[k];
            }
            h[j] = Math.Tanh(a);
        }

        double output = b2;
        for (int j = 0; j < b1.Length; j++)
        {
            output += w2[j] * h[j];
        }

        double e = output - target;
        return e * e;
    }

    /// <summary>The mean of <see cref="MlpLoss"/> over a batch: sample i is <c>xs[i * inputs ..]</c> with target <c>ys[i]</c>.</summary>
    [Differentiable]
    public static double MlpBatchLoss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        int inputs = xs.Length / ys.Length;
        double loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            loss += MlpLoss(w1, b1, w2, b2, xs.Slice(i * inputs, inputs), ys[i]);
        }
        return loss / ys.Length;
    }

#pragma warning disable GG1002 // The running maximum of a stable log-sum-exp compares logits on purpose: the
                               // gradient of the branch taken is the true gradient (the maximum cancels out).
    /// <summary>
    /// Softmax cross-entropy of <paramref name="logits"/> against the class <paramref name="target"/>,
    /// with a stable log-sum-exp: log Σ e^zᵢ = m + log Σ e^(zᵢ - m) for the running maximum m.
    /// </summary>
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int target)
    {
        double m = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > m)
            {
                m = logits[i];
            }
        }

        double s = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            s += Math.Exp(logits[i] - m);
        }

        return m + Math.Log(s) - logits[target];
    }
#pragma warning restore GG1002
}

/// <summary>The shape of the MLP kernel.</summary>
public static class MlpShape
{
    public const int Inputs = 16;
    public const int Hidden = 32;

    /// <summary>The size of the stackalloc hidden layer (a constant, so the JIT can keep it cheap).</summary>
    public const int MaxHidden = Hidden;

    public const int W1Length = Hidden * Inputs;
}

/// <summary>Softmax regression in two forms: a buffer of logits per sample, and a scalar accumulator per logit.</summary>
public static partial class Kernels
{
    /// <summary>
    /// Softmax regression as users write it: per sample, a buffer of logits accumulated with <c>logits[k] += ...</c>
    /// over jagged data, then a stable log-sum-exp. <paramref name="w"/> holds the class weights row by row.
    /// </summary>
    [Differentiable]
    public static double SoftmaxRegression(double[] w, [NoDerivative] double[][] xs, [NoDerivative] int[] ys, [NoDerivative] int classes)
    {
        int d = xs[0].Length;
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var logits = new double[classes];
            for (int k = 0; k < classes; k++)
            {
                for (int j = 0; j < d; j++)
                {
                    logits[k] += w[k * d + j] * xs[n][j];
                }
            }

            double m = logits.Max();
            double s = 0;
            for (int k = 0; k < classes; k++)
            {
                s += Math.Exp(logits[k] - m);
            }

            loss += m + Math.Log(s) - logits[ys[n]];
        }

        return loss / xs.Length;
    }

    /// <summary>The same loss with each logit summed in a scalar accumulator first: the form that needed no tape.</summary>
    [Differentiable]
    public static double SoftmaxRegressionScalar(double[] w, [NoDerivative] double[][] xs, [NoDerivative] int[] ys, [NoDerivative] int classes)
    {
        int d = xs[0].Length;
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var logits = new double[classes];
            for (int k = 0; k < classes; k++)
            {
                double z = 0;
                for (int j = 0; j < d; j++)
                {
                    z += w[k * d + j] * xs[n][j];
                }

                logits[k] = z;
            }

            double m = logits.Max();
            double s = 0;
            for (int k = 0; k < classes; k++)
            {
                s += Math.Exp(logits[k] - m);
            }

            loss += m + Math.Log(s) - logits[ys[n]];
        }

        return loss / xs.Length;
    }
}
