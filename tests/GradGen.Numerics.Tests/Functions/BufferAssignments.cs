using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Local buffers reassigned as recurrent code does (h = next, swaps, h = new double[n]): element copies and swaps.</summary>
public static partial class BufferAssignments
{
    private const int H = 2;
    private static readonly double[] Inputs = [0.5, -1.0, 0.25, 1.5];

    // An Elman RNN whose hidden state is a fresh array each step (corpus 13's shape). w = [wx (H), wh (H x H), v (H)].
    [Differentiable(Forward = true)]
    public static double Rnn(double[] w, [NoDerivative] double[] inputs)
    {
        double[] h = new double[H];
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            var next = new double[H];
            for (int i = 0; i < H; i++)
            {
                double a = w[i] * inputs[t];
                for (int j = 0; j < H; j++) a += w[H + i * H + j] * h[j];
                next[i] = Math.Tanh(a);
            }

            h = next;
            double y = 0;
            for (int i = 0; i < H; i++) y += w[H + H * H + i] * h[i];
            loss += (y - inputs[t]) * (y - inputs[t]);
        }

        return loss;
    }

    // Double buffering with a swap, and a state reset to a fresh array halfway.
    [Differentiable(Forward = true)]
    public static double DoubleBuffer(double[] w, [NoDerivative] double[] inputs)
    {
        double[] h = new double[H];
        double[] hNext = new double[H];
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            for (int i = 0; i < H; i++)
            {
                double a = w[i] * inputs[t];
                for (int j = 0; j < H; j++) a += w[H + i * H + j] * h[j];
                hNext[i] = Math.Tanh(a);
            }

            (h, hNext) = (hNext, h);
            for (int i = 0; i < H; i++) loss += w[H + H * H + i] * h[i] * hNext[i];
        }

        double[] state = new double[H];
        state[0] = loss;
        state = new double[H];
        return loss + state[0];
    }

    // The same recurrences in dual numbers: the exact derivative, one coordinate at a time.
    private static Dual RnnDual(Dual[] w, double[] inputs, bool swap)
    {
        var h = new Dual[H];
        var previous = new Dual[H];
        Dual loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            var next = new Dual[H];
            for (int i = 0; i < H; i++)
            {
                Dual a = w[i] * inputs[t];
                for (int j = 0; j < H; j++) a += w[H + i * H + j] * h[j];
                next[i] = Dual.Tanh(a);
            }

            if (swap)
            {
                (previous, h) = (h, next);
                for (int i = 0; i < H; i++) loss += w[H + H * H + i] * h[i] * previous[i];
            }
            else
            {
                h = next;
                Dual y = 0;
                for (int i = 0; i < H; i++) y += w[H + H * H + i] * h[i];
                loss += (y - inputs[t]) * (y - inputs[t]);
            }
        }

        return loss;
    }

    private static double[] Exact(double[] w, Func<Dual[], Dual> f)
    {
        var g = new double[w.Length];
        for (int k = 0; k < w.Length; k++) g[k] = f(w.Select((v, i) => new Dual(v, i == k ? 1 : 0)).ToArray()).Tangent;
        return g;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        double[][] points = [[0.5, -0.3, 0.2, 0.4, -0.6, 0.1, 0.7, -0.5], [-0.2, 0.9, -0.4, 0.3, 0.5, -0.8, 0.25, 0.6]];
        yield return LinqQueries.Arrays1(nameof(Rnn), p => Rnn(p, Inputs), p => RnnGradient(p, Inputs), p => RnnValueAndGradient(p, Inputs),
            (p, s, a) => RnnPullback(p, Inputs, s, a), p => Exact(p, w => RnnDual(w, Inputs, swap: false)), points) with { Pushforward = (p, t) => RnnPushforward(p, Inputs, t) };
        yield return LinqQueries.Arrays1(nameof(DoubleBuffer), p => DoubleBuffer(p, Inputs), p => DoubleBufferGradient(p, Inputs),
            p => DoubleBufferValueAndGradient(p, Inputs), (p, s, a) => DoubleBufferPullback(p, Inputs, s, a),
            p => Exact(p, w => RnnDual(w, Inputs, swap: true)), points) with { Pushforward = (p, t) => DoubleBufferPushforward(p, Inputs, t) };
    }

    /// <summary>A value and its derivative along one direction.</summary>
    private readonly record struct Dual(double Value, double Tangent)
    {
        public static implicit operator Dual(double v) => new(v, 0);

        public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Tangent + b.Tangent);

        public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Tangent - b.Tangent);

        public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Tangent * b.Value + a.Value * b.Tangent);

        public static Dual Tanh(Dual a)
        {
            double t = Math.Tanh(a.Value);
            return new(t, (1 - t * t) * a.Tangent);
        }
    }
}
