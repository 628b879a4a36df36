using GradGen;

namespace GradGen.Benchmarks;

/// <summary>
/// ADBench's LSTM objective (Srajer, Schkufza, Fitzgibbon 2018): a stack of <c>layers</c> LSTM layers with hidden size
/// b, run over a sequence of c characters (each b bits), scored by the negative log-likelihood of the next character,
/// normalized by (c − 1)·b as ADBench does. ADBench's LSTM is diagonal: every weight is a vector of b, applied element by
/// element.
/// <para>
/// <c>mainParams</c> (8·b per layer): the weights of the forget, input, output and change gates (b each), then their
/// biases. The forget and output gates read the layer's input, the input gate and the change read the layer's hidden
/// state. <c>extraParams</c> (3·b): the input weights, the output weights, the output biases. <c>state</c> (2·b per
/// layer): the hidden state, then the cell state, of each layer at the start; the objective works on a copy.
/// <c>sequence</c> (c·b): the characters' bits. Per step t &lt; c − 1: the prediction ŷ = (last hidden state) ∘
/// out_weight + out_bias, and the loss adds −Σ_i y_{t+1, i} (ŷ_i − log(Σ_j exp ŷ_j + 2)) (the "+ 2" is ADBench's).
/// </para>
/// </summary>
public static partial class Lstm
{
    /// <summary>The objective; GradGen differentiates it with respect to mainParams and extraParams.</summary>
    [Differentiable]
    public static double Objective(double[] mainParams, double[] extraParams,
        [NoDerivative] double[] state, [NoDerivative] double[] sequence, [NoDerivative] int layers)
    {
        int b = extraParams.Length / 3;
        int c = sequence.Length / b;
        double[] s = new double[state.Length];
        Array.Copy(state, s, state.Length);
        double[] ypred = new double[b];
        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++)
            {
                ypred[i] = sequence[t * b + i] * extraParams[i];
            }

            // The first layer reads ypred, each further layer the hidden state the layer below has just written. (ADBench
            // switches a pointer between the two; a reassigned view is GG0014, so the input is chosen per element.)
            for (int layer = 0; layer < layers; layer++)
            {
                int p = 8 * b * layer;
                int h = 2 * b * layer;
                for (int i = 0; i < b; i++)
                {
                    double input = layer == 0 ? ypred[i] : s[h - 2 * b + i];
                    double forget = Sigmoid(input * mainParams[p + i] + mainParams[p + 4 * b + i]);
                    double ingate = Sigmoid(s[h + i] * mainParams[p + b + i] + mainParams[p + 5 * b + i]);
                    double outgate = Sigmoid(input * mainParams[p + 2 * b + i] + mainParams[p + 6 * b + i]);
                    double change = Math.Tanh(s[h + i] * mainParams[p + 3 * b + i] + mainParams[p + 7 * b + i]);
                    s[h + b + i] = s[h + b + i] * forget + ingate * change;
                    s[h + i] = outgate * Math.Tanh(s[h + b + i]);
                }
            }

            int last = 2 * b * (layers - 1);
            for (int i = 0; i < b; i++)
            {
                ypred[i] = s[last + i] * extraParams[b + i] + extraParams[2 * b + i];
            }

            double lse = LogSumExpPlusTwo(ypred);
            for (int i = 0; i < b; i++)
            {
                total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
            }
            count += b;
        }
        return -total / count;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>ADBench's LSTM "logsumexp": log(Σ exp v_i + 2), without a shift by the maximum.</summary>
    private static double LogSumExpPlusTwo(ReadOnlySpan<double> v)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i]);
        }
        return Math.Log(sum + 2);
    }
}
