namespace GradGen.Benchmarks;

/// <summary>
/// The hand-derived gradients of ADBench's GMM and LSTM objectives (<see cref="Gmm"/>, <see cref="Lstm"/>), in the style
/// of ADBench's "Manual" tool: analytic, value and gradient together, into the caller's spans, with a scratch buffer the
/// caller allocates once (so a call allocates nothing).
/// </summary>
public static class HandWrittenAdBench
{
    /// <summary>Length of the scratch buffer <see cref="Gmm"/> needs: Q's diagonals, Σ log-diagonals, and per component
    /// the centered point, Q times it and its main term.</summary>
    public static int GmmScratchLength(int d, int k) => 3 * k * d + 2 * k;

    /// <summary>
    /// The GMM objective and its gradient with respect to alphas, means and icf (overwritten), in one pass over the points.
    /// Per point and component, with c = x − μ_k, v = Q_k c and w_k the component's softmax weight of the point:
    /// ∂/∂α_k = w_k, ∂/∂μ_k = w_k Q_kᵀ v, ∂/∂q_kj = w_k (1 − e^{q_kj} c_j v_j), ∂/∂Q_k[r, s] = −w_k v_r c_s (r &gt; s);
    /// then −n·softmax(α) and the prior's γ² e^{2q} − m and γ² Q[r, s].
    /// </summary>
    public static double Gmm(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, double gamma, int m, Span<double> gAlphas, Span<double> gMeans, Span<double> gIcf, Span<double> scratch)
    {
        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        Span<double> qdiags = scratch.Slice(0, k * d);
        Span<double> sumQs = scratch.Slice(k * d, k);
        Span<double> centered = scratch.Slice(k * d + k, k * d);
        Span<double> qcentered = scratch.Slice(2 * k * d + k, k * d);
        Span<double> main = scratch.Slice(3 * k * d + k, k);
        gAlphas.Clear();
        gMeans.Clear();
        gIcf.Clear();

        for (int ik = 0; ik < k; ik++)
        {
            double sum = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sum += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
            sumQs[ik] = sum;
        }

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.Slice(ix * d, d);
            double max = double.NegativeInfinity;
            for (int ik = 0; ik < k; ik++)
            {
                Span<double> c = centered.Slice(ik * d, d);
                Span<double> v = qcentered.Slice(ik * d, d);
                ReadOnlySpan<double> mu = means.Slice(ik * d, d);
                ReadOnlySpan<double> qd = qdiags.Slice(ik * d, d);
                for (int id = 0; id < d; id++)
                {
                    c[id] = point[id] - mu[id];
                    v[id] = qd[id] * c[id];
                }
                int lower = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    double ci = c[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        v[j] += icf[lower++] * ci;
                    }
                }
                double squaredNorm = 0;
                for (int id = 0; id < d; id++)
                {
                    squaredNorm += v[id] * v[id];
                }
                double term = alphas[ik] + sumQs[ik] - 0.5 * squaredNorm;
                main[ik] = term;
                max = Math.Max(max, term);
            }

            double total = 0;
            for (int ik = 0; ik < k; ik++)
            {
                double e = Math.Exp(main[ik] - max);
                main[ik] = e;
                total += e;
            }
            slse += Math.Log(total) + max;

            double inverse = 1 / total;
            for (int ik = 0; ik < k; ik++)
            {
                double w = main[ik] * inverse;
                gAlphas[ik] += w;
                ReadOnlySpan<double> c = centered.Slice(ik * d, d);
                ReadOnlySpan<double> v = qcentered.Slice(ik * d, d);
                ReadOnlySpan<double> qd = qdiags.Slice(ik * d, d);
                ReadOnlySpan<double> factor = icf.Slice(ik * icfSize, icfSize);
                Span<double> gq = gIcf.Slice(ik * icfSize, icfSize);
                Span<double> gmu = gMeans.Slice(ik * d, d);
                int lower = d;
                for (int i = 0; i < d; i++)
                {
                    double qtv = qd[i] * v[i]; // (Q_kᵀ v)_i
                    gq[i] += w * (1 - qd[i] * c[i] * v[i]);
                    double wci = w * c[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        qtv += factor[lower] * v[j];
                        gq[lower] -= wci * v[j];
                        lower++;
                    }
                    gmu[i] += w * qtv;
                }
            }
        }

        double alphaMax = double.NegativeInfinity;
        for (int ik = 0; ik < k; ik++)
        {
            alphaMax = Math.Max(alphaMax, alphas[ik]);
        }
        double alphaSum = 0;
        for (int ik = 0; ik < k; ik++)
        {
            alphaSum += Math.Exp(alphas[ik] - alphaMax);
        }
        double lseAlphas = Math.Log(alphaSum) + alphaMax;

        double gamma2 = gamma * gamma;
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            gAlphas[ik] -= n * Math.Exp(alphas[ik] - alphaMax) / alphaSum;
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                double qd = qdiags[ik * d + id];
                frobenius += qd * qd;
                gIcf[ik * icfSize + id] += gamma2 * qd * qd - m;
            }
            for (int i = d; i < icfSize; i++)
            {
                double l = icf[ik * icfSize + i];
                frobenius += l * l;
                gIcf[ik * icfSize + i] += gamma2 * l;
            }
            prior += 0.5 * gamma2 * frobenius - m * sumQs[ik];
        }
        prior -= k * GradGen.Benchmarks.Gmm.WishartConstant(d, gamma, m);

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - n * lseAlphas + prior;
    }

    /// <summary>Values the LSTM's reverse sweep keeps per step, layer and element: the layer's input, hidden and cell
    /// state before the step, the four gates and tanh of the new cell state.</summary>
    private const int LstmSaved = 8;

    /// <summary>Length of the scratch buffer <see cref="Lstm"/> needs for c characters: per step, what each layer's
    /// cells keep, the exponentials of the prediction and their sum + 2; and the running state and its adjoints.</summary>
    public static int LstmScratchLength(int layers, int b, int c) => (c - 1) * (LstmSaved * layers * b + b + 1) + 4 * layers * b + b;

    /// <summary>
    /// The LSTM objective and its gradient with respect to mainParams and extraParams (overwritten): a forward pass over
    /// the sequence that keeps, per step, what the backward pass needs, then backpropagation through time.
    /// </summary>
    public static double Lstm(ReadOnlySpan<double> mainParams, ReadOnlySpan<double> extraParams, ReadOnlySpan<double> state,
        ReadOnlySpan<double> sequence, int layers, Span<double> gMain, Span<double> gExtra, Span<double> scratch)
    {
        int b = extraParams.Length / 3;
        int c = sequence.Length / b;
        int steps = c - 1;
        int stepSize = LstmSaved * layers * b + b + 1;
        Span<double> tape = scratch.Slice(0, steps * stepSize);
        Span<double> s = scratch.Slice(steps * stepSize, 2 * layers * b);
        Span<double> dh = scratch.Slice(steps * stepSize + 2 * layers * b, layers * b);
        Span<double> dc = scratch.Slice(steps * stepSize + 3 * layers * b, layers * b);
        Span<double> dx = scratch.Slice(steps * stepSize + 4 * layers * b, b);
        ReadOnlySpan<double> inWeight = extraParams.Slice(0, b);
        ReadOnlySpan<double> outWeight = extraParams.Slice(b, b);
        ReadOnlySpan<double> outBias = extraParams.Slice(2 * b, b);
        gMain.Clear();
        gExtra.Clear();
        state.CopyTo(s);

        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            Span<double> saved = tape.Slice(t * stepSize, stepSize);
            for (int layer = 0; layer < layers; layer++)
            {
                ReadOnlySpan<double> w = mainParams.Slice(8 * b * layer, 8 * b);
                Span<double> hidden = s.Slice(2 * b * layer, b);
                Span<double> cell = s.Slice(2 * b * layer + b, b);
                Span<double> keep = saved.Slice(LstmSaved * b * layer, LstmSaved * b);
                for (int i = 0; i < b; i++)
                {
                    double input = layer == 0 ? sequence[t * b + i] * inWeight[i] : s[2 * b * (layer - 1) + i];
                    double hp = hidden[i], cp = cell[i];
                    double forget = Sigmoid(input * w[i] + w[4 * b + i]);
                    double ingate = Sigmoid(hp * w[b + i] + w[5 * b + i]);
                    double outgate = Sigmoid(input * w[2 * b + i] + w[6 * b + i]);
                    double change = Math.Tanh(hp * w[3 * b + i] + w[7 * b + i]);
                    double cn = cp * forget + ingate * change;
                    double tc = Math.Tanh(cn);
                    cell[i] = cn;
                    hidden[i] = outgate * tc;
                    int at = LstmSaved * i;
                    keep[at] = input;
                    keep[at + 1] = hp;
                    keep[at + 2] = cp;
                    keep[at + 3] = forget;
                    keep[at + 4] = ingate;
                    keep[at + 5] = outgate;
                    keep[at + 6] = change;
                    keep[at + 7] = tc;
                }
            }

            Span<double> exps = saved.Slice(LstmSaved * layers * b, b);
            ReadOnlySpan<double> top = s.Slice(2 * b * (layers - 1), b);
            ReadOnlySpan<double> next = sequence.Slice((t + 1) * b, b);
            double sum = 0, dot = 0;
            for (int i = 0; i < b; i++)
            {
                double y = top[i] * outWeight[i] + outBias[i];
                double e = Math.Exp(y);
                exps[i] = e;
                sum += e;
                dot += next[i] * y;
            }
            sum += 2;
            saved[LstmSaved * layers * b + b] = sum;
            double goldSum = 0;
            for (int i = 0; i < b; i++)
            {
                goldSum += next[i];
            }
            total += dot - goldSum * Math.Log(sum);
        }
        int count = steps * b;
        double loss = -total / count;

        // Backward through time. dh, dc: adjoints of each layer's hidden and cell state after the step being reversed.
        dh.Clear();
        dc.Clear();
        Span<double> gInWeight = gExtra.Slice(0, b);
        Span<double> gOutWeight = gExtra.Slice(b, b);
        Span<double> gOutBias = gExtra.Slice(2 * b, b);
        double scale = -1.0 / count;
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<double> saved = tape.Slice(t * stepSize, stepSize);
            ReadOnlySpan<double> exps = saved.Slice(LstmSaved * layers * b, b);
            double sum = saved[LstmSaved * layers * b + b];
            ReadOnlySpan<double> next = sequence.Slice((t + 1) * b, b);
            double goldSum = 0;
            for (int i = 0; i < b; i++)
            {
                goldSum += next[i];
            }

            // ŷ_i = h_top,i · outWeight_i + outBias_i, and ∂(Σ y_i ŷ_i − Σy · log(Σ e^ŷ + 2))/∂ŷ_i = y_i − Σy · e^ŷ_i / (Σ + 2).
            ReadOnlySpan<double> topKeep = saved.Slice(LstmSaved * b * (layers - 1), LstmSaved * b);
            Span<double> dhTop = dh.Slice(b * (layers - 1), b);
            for (int i = 0; i < b; i++)
            {
                double dy = scale * (next[i] - goldSum * exps[i] / sum);
                double hTop = topKeep[LstmSaved * i + 5] * topKeep[LstmSaved * i + 7];
                gOutWeight[i] += dy * hTop;
                gOutBias[i] += dy;
                dhTop[i] += dy * outWeight[i];
            }

            for (int layer = layers - 1; layer >= 0; layer--)
            {
                ReadOnlySpan<double> w = mainParams.Slice(8 * b * layer, 8 * b);
                Span<double> g = gMain.Slice(8 * b * layer, 8 * b);
                ReadOnlySpan<double> keep = saved.Slice(LstmSaved * b * layer, LstmSaved * b);
                Span<double> dhl = dh.Slice(b * layer, b);
                Span<double> dcl = dc.Slice(b * layer, b);
                for (int i = 0; i < b; i++)
                {
                    int at = LstmSaved * i;
                    double input = keep[at], hp = keep[at + 1], cp = keep[at + 2];
                    double forget = keep[at + 3], ingate = keep[at + 4], outgate = keep[at + 5], change = keep[at + 6], tc = keep[at + 7];
                    // The hidden state's adjoint: its use at the next step (already in dh) and as the input of the layer above.
                    double dhn = layer == layers - 1 ? dhl[i] : dhl[i] + dx[i];
                    double dcn = dcl[i] + dhn * outgate * (1 - tc * tc);
                    double dzForget = dcn * cp * forget * (1 - forget);
                    double dzIngate = dcn * change * ingate * (1 - ingate);
                    double dzOutgate = dhn * tc * outgate * (1 - outgate);
                    double dzChange = dcn * ingate * (1 - change * change);
                    g[i] += dzForget * input;
                    g[b + i] += dzIngate * hp;
                    g[2 * b + i] += dzOutgate * input;
                    g[3 * b + i] += dzChange * hp;
                    g[4 * b + i] += dzForget;
                    g[5 * b + i] += dzIngate;
                    g[6 * b + i] += dzOutgate;
                    g[7 * b + i] += dzChange;
                    double dInput = dzForget * w[i] + dzOutgate * w[2 * b + i];
                    dhl[i] = dzIngate * w[b + i] + dzChange * w[3 * b + i];
                    dcl[i] = dcn * forget;
                    if (layer == 0)
                    {
                        gInWeight[i] += dInput * sequence[t * b + i];
                    }
                    else
                    {
                        dx[i] = dInput;
                    }
                }
            }
        }

        return loss;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
