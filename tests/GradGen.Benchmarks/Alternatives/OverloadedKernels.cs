
namespace GradGen.Benchmarks.Alternatives;

/// <summary>
/// The kernels of <see cref="Kernels"/> written once against an operator-overloading number
/// type, as a user of an AD library writes them: the same operations in the same order. Run with
/// <see cref="Dual"/> they are forward mode; with <see cref="Var"/> they record a runtime tape.
/// </summary>
public static class OverloadedKernels
{
    public static T Quadratic<T>(T x, T y)
        where T : unmanaged, IAdScalar<T> => x * x + 3 * y * y;

    public static T Mse<T>(T w, T b, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
        where T : unmanaged, IAdScalar<T>
    {
        T sum = T.Constant(0);
        for (int i = 0; i < xs.Length; i++)
        {
            T r = ys[i] - (w * xs[i] + b);
            sum += r * r;
        }
        return sum / xs.Length;
    }

    public static T Logistic<T>(ReadOnlySpan<T> w, T b, double[] xs, double[] ys)
        where T : unmanaged, IAdScalar<T>
    {
        int d = w.Length;
        T loss = T.Constant(0);
        for (int i = 0; i < ys.Length; i++)
        {
            T z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }
            loss += T.Log(1 + T.Exp(-z)) + (1 - ys[i]) * z;
        }
        return loss / ys.Length;
    }

    public static T Rosenbrock<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IAdScalar<T>
    {
        T f = T.Constant(0);
        for (int i = 0; i < x.Length - 1; i++)
        {
            T a = x[i + 1] - x[i] * x[i];
            T c = 1 - x[i];
            f += 100 * a * a + c * c;
        }
        return f;
    }

    public static T MlpLoss<T>(ReadOnlySpan<T> w1, ReadOnlySpan<T> b1, ReadOnlySpan<T> w2, T b2, ReadOnlySpan<double> x, double target)
        where T : unmanaged, IAdScalar<T>
    {
        int inputs = x.Length;
        Span<T> h = stackalloc T[MlpShape.MaxHidden];
        for (int j = 0; j < b1.Length; j++)
        {
            T a = b1[j];
            for (int k = 0; k < inputs; k++)
            {
                a += w1[j * inputs + k] * x[k];
            }
            h[j] = T.Tanh(a);
        }

        T output = b2;
        for (int j = 0; j < b1.Length; j++)
        {
            output += w2[j] * h[j];
        }

        T e = output - target;
        return e * e;
    }

    public static T MlpBatchLoss<T>(ReadOnlySpan<T> w1, ReadOnlySpan<T> b1, ReadOnlySpan<T> w2, T b2, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
        where T : unmanaged, IAdScalar<T>
    {
        int inputs = xs.Length / ys.Length;
        T loss = T.Constant(0);
        for (int i = 0; i < ys.Length; i++)
        {
            loss += MlpLoss(w1, b1, w2, b2, xs.Slice(i * inputs, inputs), ys[i]);
        }
        return loss / ys.Length;
    }

    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, int target)
        where T : unmanaged, IAdScalar<T>
    {
        T m = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i].Value > m.Value)
            {
                m = logits[i];
            }
        }

        T s = T.Constant(0);
        for (int i = 0; i < logits.Length; i++)
        {
            s += T.Exp(logits[i] - m);
        }

        return m + T.Log(s) - logits[target];
    }
}
