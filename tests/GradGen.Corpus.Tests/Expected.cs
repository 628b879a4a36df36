namespace GradGen.Corpus.Tests;

public enum OutcomeKind
{
    /// <summary>Compiles with the generator, no GG errors, and the gradient matches finite differences.</summary>
    Passes,
    /// <summary>The analyzer reports exactly these Error-severity GG ids, and the generator makes nothing for the method.</summary>
    Rejected,
    /// <summary>Compiles and runs, but the gradient does NOT match finite differences: a GradGen bug, tracked until fixed.</summary>
    WrongGradient,
}

/// <summary>What a corpus program does today.</summary>
public sealed record Expectation(OutcomeKind Kind, IReadOnlyList<string> Ids, string Note)
{
    /// <summary>The expectation as it is written in the manifest.</summary>
    public override string ToString() => Kind switch
    {
        OutcomeKind.Rejected => "Rejected(" + string.Join(", ", Ids.Select(id => "\"" + id + "\"")) + ")",
        OutcomeKind.WrongGradient => "WrongGradient(\"" + Note + "\")",
        _ => Kind.ToString(),
    };
}

/// <summary>
/// The manifest: the outcome of every program in <c>Programs/</c> with GradGen as it is today. Each entry
/// is what actually happens, not what should: when a feature lands or a bug is fixed, the corpus test of
/// that program fails and prints the entry to write here instead.
/// Helpers without [Differentiable] are differentiated since the commit that added this project.
/// </summary>
public static class Expected
{
    private static Expectation Passes => new(OutcomeKind.Passes, [], "");

    /// <param name="ids">The sorted distinct ids of the Error-severity GG diagnostics of the file.</param>
    private static Expectation Rejected(params string[] ids) => new(OutcomeKind.Rejected, ids, "");

    /// <param name="note">What is wrong, for the reader (the test prints the actual numbers).</param>
    private static Expectation WrongGradient(string note) => new(OutcomeKind.WrongGradient, [], note);

    public static readonly IReadOnlyDictionary<string, Expectation> Outcomes = new Dictionary<string, Expectation>(StringComparer.Ordinal)
    {
        ["01_Mlp.cs"] = Passes, // jagged data; the hidden buffer created per sample
        ["02_LogisticRegressionL2.cs"] = Passes,
        ["03_SoftmaxRegression.cs"] = Passes, // jagged data; `var logits = new double[k]` per sample
        ["04_LinearRegressionMse.cs"] = Passes,
        ["05_RidgeRegression.cs"] = Passes, // `double[] row = X[i]`, a row alias of jagged data
        ["06_HuberRegression.cs"] = Passes, // the Huber helper is differentiated without [Differentiable]
        ["07_SpringMassChain.cs"] = Passes,
        ["08_BlackScholes.cs"] = Passes,
        ["09_GaussianMixture.cs"] = Passes, // per-sample local array; the LogSumExp helper with a.Max()
        ["10_LogisticGrowthEuler.cs"] = Passes,
        ["11_DampedOscillator.cs"] = Passes, // tuple update `(x, v) = (...)`
        ["12_KMeansSoft.cs"] = Passes, // differentiable jagged centroids; a helper called with a row of them
        ["13_RnnCell.cs"] = Passes, // fresh hidden-state array per step, `h = next` (an element copy)
        ["14_LogCosh.cs"] = Passes,
        ["15_TripletLoss.cs"] = Passes, // helper `Embed` returning a new double[]: written where it is called (its Zip helper has a pullback)
        ["16_BinaryCrossEntropyClamp.cs"] = Passes,
        ["17_PolynomialHorner.cs"] = Passes,
        ["18_Rosenbrock.cs"] = Passes,
        ["19_PoissonRegression.cs"] = Passes,
        ["20_HingeSvm.cs"] = Passes, // jagged data x[i][j]; the Relu helper without [Differentiable]
        ["21_SoftplusRegression.cs"] = Passes, // `x is > 30.0` in a [Differentiable] helper
        ["22_AttentionSoftmax.cs"] = Passes, // jagged data keys[i][j]; LINQ scores.Max()
        ["23_Conv1d.cs"] = Passes,
        ["24_LayerNorm.cs"] = Passes, // LINQ Average, and Select with a lambda then Average (a loop)
        ["25_GaussianNll.cs"] = Passes,
        ["26_LennardJones.cs"] = Passes,
        ["27_Pendulum.cs"] = Passes,
        ["28_KalmanQuadratic.cs"] = Passes, // double[,] data and a double[,] local
        ["29_BayesianLinearRegression.cs"] = Passes,
        ["30_CosineSimilarity.cs"] = Passes, // `ReadOnlySpan<double> t = targets.AsSpan(...)`, a view, passed to Dot
        ["31_FocalLoss.cs"] = Passes,
        ["32_StudentTNll.cs"] = Passes, // helper LogGamma: array initializer, ++y inside an expression
        ["33_GruCell.cs"] = Passes, // helpers Sigmoid/Tanh differentiated without [Differentiable]
        ["34_SmoothL1Detector.cs"] = Passes, // a local of a named tuple type (dx, dy, dw, dh), read by element
        ["35_ElasticNetList.cs"] = Passes, // LINQ indexed Select of a List<double[]> row, Sum(Math.Abs), Sum(v => v * v)
        ["36_MatrixFactorization.cs"] = Passes, // foreach deconstructing an array of (int, int, double) tuples (data)
        ["37_PiecewiseLinearCalibration.cs"] = Passes,
        ["38_ConfigurableNeuron.cs"] = Passes, // switch statement
        ["39_FixedPointLayer.cs"] = Passes,
        ["40_MulticlassSvm.cs"] = Passes,
        ["41_CauchyLossMiniBatch.cs"] = Passes,
        ["42_MaxPoolConv.cs"] = Passes,
        ["43_GaussianProcessMarginal.cs"] = Passes,
        ["44_VaeElbo.cs"] = Passes,
    };
}
