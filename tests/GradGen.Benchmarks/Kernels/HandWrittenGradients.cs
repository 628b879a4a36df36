namespace GradGen.Benchmarks;

/// <summary>
/// The baselines: analytic gradients of the kernels written by hand the way an expert writes a
/// training loss. Each returns the value and writes the gradient (a tuple for scalars, a caller's
/// span for vectors: overwritten, not accumulated), in one pass where the math allows it, without
/// allocating. The value is computed with the same operations in the same order as the kernel.
/// </summary>
public static class HandWrittenGradients
{
    public static double Quadratic(double x, double y, out double gx, out double gy)
    {
        gx = 2 * x;
        gy = 6 * y;
        return x * x + 3 * y * y;
    }

    public static double Mse(double w, double b, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, out double gw, out double gb)
    {
        // d/dw = -2/n Σ r·x, d/db = -2/n Σ r: accumulate Σ r·x and Σ r, scale once.
        double sum = 0, sumR = 0, sumRx = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            double r = ys[i] - (w * x + b);
            sum += r * r;
            sumR += r;
            sumRx += r * x;
        }
        double scale = -2.0 / xs.Length;
        gw = scale * sumRx;
        gb = scale * sumR;
        return sum / xs.Length;
    }

    public static double Logistic(ReadOnlySpan<double> w, double b, double[] xs, double[] ys, Span<double> gw, out double gb)
    {
        int d = w.Length;
        gw = gw[..d];
        gw.Clear();
        double loss = 0, sumG = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            ReadOnlySpan<double> row = xs.AsSpan(i * d, d);
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * row[j];
            }

            double y = ys[i];
            double e = Math.Exp(-z);
            loss += Math.Log(1 + e) + (1 - y) * z;
            // d/dz [log(1 + e^-z) + (1 - y) z] = σ(z) - y = (1 - y) - e^-z / (1 + e^-z)
            double g = (1 - y) - e / (1 + e);
            sumG += g;
            for (int j = 0; j < d; j++)
            {
                gw[j] += g * row[j];
            }
        }

        double inv = 1.0 / ys.Length;
        for (int j = 0; j < d; j++)
        {
            gw[j] *= inv;
        }
        gb = sumG * inv;
        return loss / ys.Length;
    }

    /// <summary>The Rosenbrock function's value and its derivative along <paramref name="v"/> in one pass, by hand:
    /// Σ 200·a·(v[i+1] − 2x[i]v[i]) − 2c·v[i] with a = x[i+1] − x[i]², c = 1 − x[i].</summary>
    public static (double Value, double Tangent) RosenbrockDirectional(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double f = 0, df = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double xi = x[i];
            double a = x[i + 1] - xi * xi;
            double c = 1 - xi;
            f += 100 * a * a + c * c;
            df += 200 * a * (v[i + 1] - 2 * xi * v[i]) - 2 * c * v[i];
        }
        return (f, df);
    }

    public static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        // Term i touches x[i] and x[i+1]: carry the x[i+1] part to the next iteration in a register,
        // so every element of g is written exactly once.
        double f = 0, carry = 0;
        int n = x.Length;
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i];
            double a = x[i + 1] - xi * xi;
            double c = 1 - xi;
            f += 100 * a * a + c * c;
            g[i] = carry - 400 * xi * a - 2 * c;
            carry = 200 * a;
        }
        if (n > 0)
        {
            g[n - 1] = carry;
        }
        return f;
    }

    /// <summary>
    /// Backprop of one MLP sample: adds <paramref name="scale"/> times the gradient into the
    /// accumulators (the batch loop zeroes them once).
    /// </summary>
    public static double MlpSample(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        ReadOnlySpan<double> x, double target, double scale,
        Span<double> gw1, Span<double> gb1, Span<double> gw2, ref double gb2)
    {
        int inputs = x.Length;
        int hidden = b1.Length;
        Span<double> h = stackalloc double[MlpShape.MaxHidden];
        for (int j = 0; j < hidden; j++)
        {
            ReadOnlySpan<double> row = w1.Slice(j * inputs, inputs);
            double a = b1[j];
            for (int k = 0; k < inputs; k++)
            {
                a += row[k] * x[k];
            }
            h[j] = Math.Tanh(a);
        }

        double output = b2;
        for (int j = 0; j < hidden; j++)
        {
            output += w2[j] * h[j];
        }

        double e = output - target;
        double dOut = 2 * e * scale;
        gb2 += dOut;
        for (int j = 0; j < hidden; j++)
        {
            double hj = h[j];
            gw2[j] += hj * dOut;
            double da = dOut * w2[j] * (1 - hj * hj);
            gb1[j] += da;
            Span<double> gRow = gw1.Slice(j * inputs, inputs);
            for (int k = 0; k < inputs; k++)
            {
                gRow[k] += da * x[k];
            }
        }
        return e * e;
    }

    /// <summary>The mean MLP loss over the batch and its gradient, written into the spans.</summary>
    public static double MlpBatch(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        ReadOnlySpan<double> xs, ReadOnlySpan<double> ys,
        Span<double> gw1, Span<double> gb1, Span<double> gw2, out double gb2)
    {
        gw1.Clear();
        gb1.Clear();
        gw2.Clear();
        gb2 = 0;
        int inputs = xs.Length / ys.Length;
        double scale = 1.0 / ys.Length;
        double loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            loss += MlpSample(w1, b1, w2, b2, xs.Slice(i * inputs, inputs), ys[i], scale, gw1, gb1, gw2, ref gb2);
        }
        return loss / ys.Length;
    }

    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int target, Span<double> g)
    {
        double m = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            if (logits[i] > m)
            {
                m = logits[i];
            }
        }

        // One exponential per logit: keep e^(zᵢ - m) in g, normalize it into softmax, subtract one-hot.
        double s = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double e = Math.Exp(logits[i] - m);
            g[i] = e;
            s += e;
        }

        double inv = 1 / s;
        for (int i = 0; i < logits.Length; i++)
        {
            g[i] *= inv;
        }
        g[target] -= 1;
        return m + Math.Log(s) - logits[target];
    }

    /// <summary>Softmax regression: value, and the gradient with respect to the class weights written into <paramref name="gw"/>.</summary>
    public static double SoftmaxRegression(double[] w, double[][] xs, int[] ys, int classes, Span<double> gw)
    {
        int d = xs[0].Length;
        gw = gw[..w.Length];
        gw.Clear();
        Span<double> logits = classes <= 256 ? stackalloc double[classes] : new double[classes];
        double loss = 0, inv = 1.0 / xs.Length;
        for (int n = 0; n < xs.Length; n++)
        {
            double[] x = xs[n];
            double m = double.NegativeInfinity;
            for (int k = 0; k < classes; k++)
            {
                double z = 0;
                ReadOnlySpan<double> row = w.AsSpan(k * d, d);
                for (int j = 0; j < d; j++) z += row[j] * x[j];
                logits[k] = z;
                m = Math.Max(m, z);
            }

            double s = 0;
            for (int k = 0; k < classes; k++) s += Math.Exp(logits[k] - m);
            loss += m + Math.Log(s) - logits[ys[n]];
            for (int k = 0; k < classes; k++)
            {
                // d/dz_k = softmax_k - [k == y]
                double g = (Math.Exp(logits[k] - m) / s - (k == ys[n] ? 1 : 0)) * inv;
                Span<double> row = gw.Slice(k * d, d);
                for (int j = 0; j < d; j++) row[j] += g * x[j];
            }
        }

        return loss * inv;
    }
}
