using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// The contract's hot-loop promise: FPullback allocates nothing on the managed heap, also when it loops over large
/// spans, keeps values on the tape (rented from ArrayPool and returned) or holds a stackalloc buffer.
/// </summary>
/// <remarks>
/// Each pullback is warmed up first (JIT tiers, the pool's per-thread buckets), then called <see cref="Calls"/> times
/// between two readings of <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which is exact per thread. The
/// arguments, the adjoint arrays and the delegate are created before the measured region; invoking a delegate and
/// converting an array to a span allocate nothing, so any byte counted is the pullback's.
/// </remarks>
public sealed class LoopAllocationTests(ITestOutputHelper output)
{
    private const int Calls = 1000;
    private const int WarmUpCalls = 200;

    /// <summary>The fewest bytes of three runs: code that allocates does so on every call (<see cref="Calls"/> times per run),
    /// while the runtime now and then allocates once on this thread as it recompiles a hot method (seen in Debug builds).</summary>
    private static long FewestBytes(Func<double> member) => Enumerable.Range(0, 3).Min(_ => AllocatedBytes(member));

    private static long AllocatedBytes(Func<double> pullback)
    {
        double sink = 0;
        for (int i = 0; i < WarmUpCalls; i++)
        {
            sink += pullback();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            sink += pullback();
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(double.IsFinite(sink)); // keeps the calls observable
        return after - before;
    }

    [Fact]
    public void PullbacksAllocateNothing()
    {
        var random = new Random(12345);
        double[] Data(int n, double scale) => Enumerable.Range(0, n).Select(_ => scale * (2 * random.NextDouble() - 1)).ToArray();

        // MSE over n = 1,000 samples.
        double[] mseXs = Data(1000, 3), mseYs = mseXs.Select(x => 2 * x + 0.1 + 0.05 * random.NextDouble()).ToArray();
        double[] mseAdjoints = new double[2];

        // Rosenbrock in 1,000 dimensions.
        double[] rosenbrockX = Data(1000, 1.5), rosenbrockAdjoint = new double[1000];

        // Logistic regression: 100 samples of 10 features.
        double[] logisticW = Data(10, 1), logisticXs = Data(1000, 2);
        double[] labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? -1.0 : 1.0).ToArray();
        double[] logisticWAdjoint = new double[10], logisticBAdjoint = new double[1];

        // Horner with 200 coefficients: 200 values on the tape per call.
        double[] hornerC = Data(200, 1), hornerCAdjoint = new double[200], hornerXAdjoint = new double[1];

        // Kepler's equation by Newton's method: the tape, and a trip count that depends on the active values.
        double[] keplerAdjoints = new double[2];

        // Early return from nested loops: an int tape of indices and flags, and a double tape.
        double[] nestedX = [0.3, 0.4, 1.2], nestedAdjoint = new double[3];

        // The two-layer perceptron: a stackalloc hidden layer (and its stackalloc adjoint), 10 inputs, 32 hidden units.
        double[] mlpW1 = Data(320, 0.5), mlpB1 = Data(32, 0.5), mlpW2 = Data(32, 0.5), mlpX = Data(10, 1);
        double[] mlpW1Adjoint = new double[320], mlpB1Adjoint = new double[32], mlpW2Adjoint = new double[32], mlpB2Adjoint = new double[1];

        // A stackalloc prefix sum of 100 elements.
        double[] prefixX = Data(100, 1), prefixXAdjoint = new double[100], prefixDecayAdjoint = new double[1];

        // A new double[n] prefix sum and an in-place smoothing of a new double[n] copy: the arrays the method
        // creates are rented from the pool in generated code.
        double[] prefixArrayX = Data(100, 1), prefixArrayAdjoint = new double[100];
        double[] smoothingX = Data(100, 1), smoothingAdjoint = new double[100];

        // Softmax cross-entropy of 1,000 logits: a selection loop and a tape of 1,000 exponentials.
        double[] softmaxLogits = Data(1000, 3), softmaxAdjoint = new double[1000];

        // A float loss: MSE in float over 1,000 samples.
        float[] mseXsF = mseXs.Select(v => (float)v).ToArray(), mseYsF = mseYs.Select(v => (float)v).ToArray();
        float[] mseAdjointsF = new float[2];

        (string Name, Func<double> Pullback)[] pullbacks =
        [
            ("Mse, n = 1000", () => LoopModels.MsePullback(1.5, -0.2, mseXs, mseYs, 1.0, ref mseAdjoints[0], ref mseAdjoints[1])),
            ("RosenbrockN, n = 1000", () => LoopModels.RosenbrockNPullback(rosenbrockX, 1.0, rosenbrockAdjoint)),
            ("LogisticRegression, 100 x 10", () => LoopModels.LogisticRegressionPullback(logisticW, 0.3, logisticXs, labels, 1.0,
                logisticWAdjoint, ref logisticBAdjoint[0])),
            ("Horner, 200 coefficients (tape)", () => LoopModels.HornerPullback(hornerC, 0.9, 1.0, hornerCAdjoint, ref hornerXAdjoint[0])),
            ("Kepler (Newton, tape)", () => LoopModels.KeplerPullback(0.3, 0.9, 1.0, ref keplerAdjoints[0], ref keplerAdjoints[1])),
            ("EarlyReturnNested (int and double tapes)", () => ControlFlow.EarlyReturnNestedPullback(nestedX, 1.0, nestedAdjoint)),
            ("Mlp, 10 -> 32 -> 1 (stackalloc)", () => LoopModels.MlpPullback(mlpW1, mlpB1, mlpW2, 0.1, mlpX, 0.5, 1.0,
                mlpW1Adjoint, mlpB1Adjoint, mlpW2Adjoint, ref mlpB2Adjoint[0])),
            ("PrefixSumStackalloc, n = 100", () => LoopArrays.PrefixSumStackallocPullback(prefixX, 0.9, 1.0, prefixXAdjoint,
                ref prefixDecayAdjoint[0])),
            ("PrefixSumArray (new double[n]), n = 100", () => LoopArrays.PrefixSumArrayPullback(prefixArrayX, 1.0, prefixArrayAdjoint)),
            ("InPlaceSmoothing (new double[n]), n = 100", () => LoopArrays.InPlaceSmoothingPullback(smoothingX, 1.0, smoothingAdjoint)),
            ("SoftmaxCrossEntropy, 1000 logits (double tape)", () => LoopModels.SoftmaxCrossEntropyPullback(softmaxLogits, 7, 1.0, softmaxAdjoint)),
            ("MseF, n = 1000", () => LoopModelsFloat.MseFPullback(1.5f, -0.2f, mseXsF, mseYsF, 1.0f, ref mseAdjointsF[0], ref mseAdjointsF[1])),
        ];

        (string Name, long Bytes)[] measured = pullbacks.Select(p => (p.Name, FewestBytes(p.Pullback))).ToArray();

        string report = string.Join(Environment.NewLine, measured.Select(m =>
            $"  {m.Name}: {m.Bytes.ToString(CultureInfo.InvariantCulture)} bytes in {Calls} calls"));
        output.WriteLine(report);
        Assert.True(measured.All(m => m.Bytes == 0), $"FPullback must allocate nothing:{Environment.NewLine}{report}");
    }

    /// <summary>The same promise for forward mode: FPushforward allocates nothing either, with tangent buffers beside the
    /// local arrays (rented or stackalloc'd) and through the pushforwards of the methods it calls.</summary>
    [Fact]
    public void PushforwardsAllocateNothing()
    {
        var random = new Random(12345);
        double[] Data(int n, double scale) => Enumerable.Range(0, n).Select(_ => scale * (2 * random.NextDouble() - 1)).ToArray();

        double[] mseXs = Data(1000, 3), mseYs = mseXs.Select(x => 2 * x + 0.1 + 0.05 * random.NextDouble()).ToArray();
        double[] rosenbrockX = Data(1000, 1.5), rosenbrockTangent = Data(1000, 1);
        double[] logisticW = Data(10, 1), logisticXs = Data(1000, 2), logisticTangent = Data(10, 1);
        double[] labels = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? -1.0 : 1.0).ToArray();
        double[] hornerC = Data(200, 1), hornerTangent = Data(200, 1);
        double[] nestedX = [0.3, 0.4, 1.2], nestedTangent = [1.0, -0.5, 0.25];
        double[] mlpW1 = Data(320, 0.5), mlpB1 = Data(32, 0.5), mlpW2 = Data(32, 0.5), mlpX = Data(10, 1);
        double[] mlpW1Tangent = Data(320, 1), mlpB1Tangent = Data(32, 1), mlpW2Tangent = Data(32, 1);
        double[] prefixX = Data(100, 1), prefixTangent = Data(100, 1);
        double[] softmaxLogits = Data(1000, 3), softmaxTangent = Data(1000, 1);
        double[] callsC = Data(20, 1), callsTangent = Data(20, 1);
        float[] mseXsF = mseXs.Select(v => (float)v).ToArray(), mseYsF = mseYs.Select(v => (float)v).ToArray();

        (string Name, Func<double> Pushforward)[] pushforwards =
        [
            ("Mse, n = 1000", () => LoopModels.MsePushforward(1.5, -0.2, mseXs, mseYs, 1.0, -1.0).Tangent),
            ("RosenbrockN, n = 1000", () => LoopModels.RosenbrockNPushforward(rosenbrockX, rosenbrockTangent).Tangent),
            ("LogisticRegression, 100 x 10", () => LoopModels.LogisticRegressionPushforward(logisticW, 0.3, logisticXs, labels, logisticTangent, 1.0).Tangent),
            ("Horner, 200 coefficients", () => LoopModels.HornerPushforward(hornerC, 0.9, hornerTangent, 1.0).Tangent),
            ("Kepler (Newton)", () => LoopModels.KeplerPushforward(0.3, 0.9, 1.0, 0.5).Tangent),
            ("EarlyReturnNested", () => ControlFlow.EarlyReturnNestedPushforward(nestedX, nestedTangent).Tangent),
            ("Mlp, 10 -> 32 -> 1 (stackalloc)", () => LoopModels.MlpPushforward(mlpW1, mlpB1, mlpW2, 0.1, mlpX, 0.5, mlpW1Tangent, mlpB1Tangent, mlpW2Tangent, 1.0).Tangent),
            ("PrefixSumStackalloc, n = 100", () => LoopArrays.PrefixSumStackallocPushforward(prefixX, 0.9, prefixTangent, 1.0).Tangent),
            ("PrefixSumArray (new double[n]), n = 100", () => LoopArrays.PrefixSumArrayPushforward(prefixX, prefixTangent).Tangent),
            ("InPlaceSmoothing (new double[n]), n = 100", () => LoopArrays.InPlaceSmoothingPushforward(prefixX, prefixTangent).Tangent),
            ("SoftmaxCrossEntropy, 1000 logits", () => LoopModels.SoftmaxCrossEntropyPushforward(softmaxLogits, 7, softmaxTangent).Tangent),
            ("CallsInLoop (a callee's pushforward)", () => LoopArrays.CallsInLoopPushforward(callsC, 0.7, callsTangent, 1.0).Tangent),
            ("MseF, n = 1000", () => LoopModelsFloat.MseFPushforward(1.5f, -0.2f, mseXsF, mseYsF, 1.0f, -1.0f).Tangent),
        ];

        (string Name, long Bytes)[] measured = pushforwards.Select(p => (p.Name, FewestBytes(p.Pushforward))).ToArray();

        string report = string.Join(Environment.NewLine, measured.Select(m =>
            $"  {m.Name}: {m.Bytes.ToString(CultureInfo.InvariantCulture)} bytes in {Calls} calls"));
        output.WriteLine(report);
        Assert.True(measured.All(m => m.Bytes == 0), $"FPushforward must allocate nothing:{Environment.NewLine}{report}");
    }
}
