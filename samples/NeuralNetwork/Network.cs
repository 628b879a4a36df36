using GradGen;

namespace NeuralNetwork;

/// <summary>
/// A two-layer perceptron 2 → 16 → 1: a tanh hidden layer and a sigmoid output, its weights held in a model
/// type. GradGen differentiates <see cref="SampleLoss"/> with respect to all four of its arrays.
/// </summary>
public static partial class Network
{
    /// <summary>Hidden units.</summary>
    public const int Hidden = 16;

    /// <summary>
    /// Cross-entropy of the network's probability that the point (<paramref name="x0"/>, <paramref name="x1"/>)
    /// has <paramref name="label"/> (0 or 1). The weights are held in a model type, <see cref="Parameters"/>:
    /// <c>W1</c> holds the hidden layer's weights row by row (unit j reads W1[2j]·x0 + W1[2j+1]·x1 + B1[j]); <c>W2</c>
    /// and <c>B2</c> are the output unit's weights and bias (B2 holds one value). GradGen generates
    /// <c>SampleLossPullback(net, x0, x1, label, seed, ref netAdjoint)</c>, which adds seed · ∂loss/∂weight into the
    /// adjoint's arrays, member by member, and allocates nothing: training calls it once per point of a batch.
    /// </summary>
    [Differentiable]
    public static double SampleLoss(Parameters net, [NoDerivative] double x0, [NoDerivative] double x1, [NoDerivative] double label)
    {
        double z = net.B2[0];
        for (int j = 0; j < net.W2.Length; j++)
        {
            z += net.W2[j] * Math.Tanh(net.W1[2 * j] * x0 + net.W1[2 * j + 1] * x1 + net.B1[j]);
        }

        // −log σ(m) for the margin m of the right class, written so that Exp never overflows:
        // log(1 + e^(−m)) when m > 0, log(1 + e^m) − m otherwise.
        double m = label > 0.5 ? z : -z;
        return m > 0 ? Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m)) - m;
    }

    /// <summary>The network's probability that the point has label 1.</summary>
    public static double Probability(Parameters p, double x0, double x1)
    {
        double z = p.B2[0];
        for (int j = 0; j < p.W2.Length; j++)
        {
            z += p.W2[j] * Math.Tanh(p.W1[2 * j] * x0 + p.W1[2 * j + 1] * x1 + p.B1[j]);
        }

        return 1 / (1 + Math.Exp(-z));
    }
}

/// <summary>The network's weights.</summary>
public sealed class Parameters
{
    /// <summary>Hidden weights, 2 per unit, row by row.</summary>
    public required double[] W1 { get; init; }

    /// <summary>Hidden biases.</summary>
    public required double[] B1 { get; init; }

    /// <summary>Output weights.</summary>
    public required double[] W2 { get; init; }

    /// <summary>Output bias (one value).</summary>
    public required double[] B2 { get; init; }

    /// <summary>The four arrays (W1, B1, W2, B2).</summary>
    public double[][] All => [W1, B1, W2, B2];

    /// <summary>Zeros of the same shapes: adjoints or optimiser state.</summary>
    public static Parameters ZerosLike(Parameters p) => new()
    {
        W1 = new double[p.W1.Length],
        B1 = new double[p.B1.Length],
        W2 = new double[p.W2.Length],
        B2 = new double[p.B2.Length],
    };

    /// <summary>Glorot-style random weights, zero biases.</summary>
    public static Parameters Random(int seed)
    {
        var random = new Random(seed);
        var p = new Parameters
        {
            W1 = new double[2 * Network.Hidden],
            B1 = new double[Network.Hidden],
            W2 = new double[Network.Hidden],
            B2 = new double[1],
        };
        for (int i = 0; i < p.W1.Length; i++)
        {
            p.W1[i] = Moons.Gaussian(random) * Math.Sqrt(1.0 / 2);
        }

        for (int i = 0; i < p.W2.Length; i++)
        {
            p.W2[i] = Moons.Gaussian(random) * Math.Sqrt(1.0 / Network.Hidden);
        }

        return p;
    }
}
