using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// ADBench's LSTM objective (<see cref="Lstm"/>) at ADBench's sizes: l ∈ {2, 4} layers, c ∈ {1024, 4096} characters,
/// hidden size b = 14. The gradient is with respect to the main parameters (8·l·b) and the extra parameters (3·b).
/// <c>Med/Primal</c> of a gradient variant is ADBench's "gradient time / objective time".
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Lstm")]
public class LstmBenchmarks
{
    [Params(2, 4)]
    public int Layers { get; set; } = 2;

    [Params(1024, 4096)]
    public int Characters { get; set; } = 1024;

    private AdBenchData.LstmInstance _data = AdBenchData.Lstm(2, 4);
    private double[] _gMain = [];
    private double[] _gExtra = [];
    private double[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = AdBenchData.Lstm(Layers, Characters);
        _gMain = new double[_data.MainParams.Length];
        _gExtra = new double[_data.ExtraParams.Length];
        _scratch = new double[HandWrittenAdBench.LstmScratchLength(_data.Layers, _data.B, _data.C)];
        Verify();
    }

    [Benchmark]
    public double Primal() => Lstm.Objective(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers);

    [Benchmark(Baseline = true)]
    public double HandWritten() =>
        HandWrittenAdBench.Lstm(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers, _gMain, _gExtra, _scratch);

    /// <summary>GradGen's FGradient: two new arrays (its contract).</summary>
    [Benchmark]
    public double[] FGradient()
    {
        (double[] main, double[] extra) = Lstm.ObjectiveGradient(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers);
        _gMain = main;
        _gExtra = extra;
        return main;
    }

    /// <summary>GradGen's FPullback, seed 1, into the reused adjoint buffers (zeroed first).</summary>
    [Benchmark]
    public double FPullback()
    {
        Span<double> main = _gMain, extra = _gExtra;
        main.Clear();
        extra.Clear();
        return Lstm.ObjectivePullback(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers, 1.0, main, extra);
    }

    private double[] Gradient() => [.. _gMain, .. _gExtra];

    public string Verify()
    {
        var check = new GradientCheck($"ADBench LSTM (l={Layers}, c={Characters}, b={_data.B})");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = Gradient();
        FGradient();
        check.Gradient("FGradient", Gradient(), reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", Gradient(), reference);
        return check.Report();
    }
}
