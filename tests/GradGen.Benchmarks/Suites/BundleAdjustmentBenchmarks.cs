using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// The Jacobian of the ADBench bundle-adjustment reprojection residual (2 × 15: camera 11, point 3, weight 1) at
/// <see cref="Observations"/> observations per benchmark call, each with its own camera and point. GradGen's FJacobian
/// (two pullbacks: fewer rows than columns), the same built by hand from FPullback (one per row, into reused adjoints) and
/// from FPushforward (one per column), against the hand-written Jacobian.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("BundleAdjustment")]
public class BundleAdjustmentBenchmarks
{
    public const int Observations = 1000;
    private const int Columns = BundleAdjustment.CameraParameters + 3 + 1;

    private double[][] _cameras = [];
    private double[][] _points = [];
    private double[] _weights = [];
    private double[] _features = [];

    /// <summary>The last Jacobians computed, observation by observation, row-major (2 × 15 each).</summary>
    private double[] _jacobians = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        double Uniform(double lo, double hi) => lo + (hi - lo) * random.NextDouble();
        _cameras = new double[Observations][];
        _points = new double[Observations][];
        _weights = new double[Observations];
        _features = new double[2 * Observations];
        for (int n = 0; n < Observations; n++)
        {
            _cameras[n] =
            [
                Uniform(-0.3, 0.3), Uniform(-0.3, 0.3), Uniform(-0.3, 0.3), // rotation: θ ≠ 0
                Uniform(-1, 1), Uniform(-1, 1), Uniform(-1, 1),             // center
                Uniform(400, 900),                                          // focal length
                Uniform(300, 340), Uniform(220, 260),                       // principal point
                Uniform(-1e-3, 1e-3), Uniform(-1e-6, 1e-6),                 // radial distortion
            ];
            _points[n] = [Uniform(-2, 2), Uniform(-2, 2), Uniform(6, 12)]; // in front of the camera
            _weights[n] = Uniform(0.5, 1.5);
            _features[2 * n] = Uniform(0, 640);
            _features[2 * n + 1] = Uniform(0, 480);
        }

        _jacobians = new double[Observations * 2 * Columns];
        Verify();
    }

    private void Store(int n, double[,] j)
    {
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < Columns; c++) _jacobians[(n * 2 + r) * Columns + c] = j[r, c];
        }
    }

    [Benchmark]
    public double Primal()
    {
        double sum = 0;
        for (int n = 0; n < Observations; n++)
        {
            var (u, v) = BundleAdjustment.Reprojection(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1]);
            sum += u + v;
        }

        return sum;
    }

    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        double sum = 0;
        var j = new double[2, Columns];
        for (int n = 0; n < Observations; n++)
        {
            var (u, v) = HandWrittenJacobians.Reprojection(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1], j);
            Store(n, j);
            sum += u + v;
        }

        return sum;
    }

    /// <summary>The hand-written Jacobian into a new 2 × 15 array per observation, as FJacobian returns one: the same allocation.</summary>
    [Benchmark]
    public double HandWrittenNewArray()
    {
        double sum = 0;
        for (int n = 0; n < Observations; n++)
        {
            var j = new double[2, Columns];
            var (u, v) = HandWrittenJacobians.Reprojection(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1], j);
            Store(n, j);
            sum += u + v;
        }

        return sum;
    }

    /// <summary>GradGen's FJacobian: a new 2 × 15 array per observation (its contract), built by two pullbacks.</summary>
    [Benchmark]
    public double FJacobian()
    {
        double sum = 0;
        for (int n = 0; n < Observations; n++)
        {
            double[,] j = BundleAdjustment.ReprojectionJacobian(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1]);
            Store(n, j);
            sum += j[0, 0];
        }

        return sum;
    }

    /// <summary>Reverse mode by hand: one FPullback per row into reused adjoints (what FJacobian does, without its allocation).</summary>
    [Benchmark]
    public double ReverseRows()
    {
        double sum = 0;
        Span<double> camera = stackalloc double[BundleAdjustment.CameraParameters];
        Span<double> point = stackalloc double[3];
        for (int n = 0; n < Observations; n++)
        {
            for (int r = 0; r < 2; r++)
            {
                camera.Clear();
                point.Clear();
                double weight = 0;
                var (u, v) = BundleAdjustment.ReprojectionPullback(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1],
                    r == 0 ? 1 : 0, r == 1 ? 1 : 0, camera, point, ref weight);
                int at = (n * 2 + r) * Columns;
                camera.CopyTo(_jacobians.AsSpan(at));
                point.CopyTo(_jacobians.AsSpan(at + BundleAdjustment.CameraParameters));
                _jacobians[at + Columns - 1] = weight;
                sum += u + v;
            }
        }

        return sum;
    }

    /// <summary>Forward mode by hand: one FPushforward per column (15), each giving both rows.</summary>
    [Benchmark]
    public double ForwardColumns()
    {
        double sum = 0;
        Span<double> camera = stackalloc double[BundleAdjustment.CameraParameters];
        Span<double> point = stackalloc double[3];
        camera.Clear();
        point.Clear();
        for (int n = 0; n < Observations; n++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double weight = c == Columns - 1 ? 1 : 0;
                if (c < BundleAdjustment.CameraParameters) camera[c] = 1;
                else if (c < Columns - 1) point[c - BundleAdjustment.CameraParameters] = 1;
                var (value, tangent) = BundleAdjustment.ReprojectionPushforward(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1], camera, point, weight);
                if (c < BundleAdjustment.CameraParameters) camera[c] = 0;
                else if (c < Columns - 1) point[c - BundleAdjustment.CameraParameters] = 0;
                _jacobians[(n * 2) * Columns + c] = tangent.U;
                _jacobians[(n * 2 + 1) * Columns + c] = tangent.V;
                sum += value.U;
            }
        }

        return sum;
    }

    /// <summary>Central differences of the residual, two evaluations per column: the independent check of the hand-written Jacobian.</summary>
    private double[] FiniteDifferenceJacobians()
    {
        var result = new double[_jacobians.Length];
        for (int n = 0; n < Observations; n++)
        {
            double[] inputs = [.. _cameras[n], .. _points[n], _weights[n]];
            for (int c = 0; c < Columns; c++)
            {
                double h = FiniteDifference.Step(inputs[c]);
                double[] plus = (double[])inputs.Clone(), minus = (double[])inputs.Clone();
                plus[c] += h;
                minus[c] -= h;
                var (up, vp) = BundleAdjustment.Reprojection(plus.AsSpan(0, 11), plus.AsSpan(11, 3), plus[14], _features[2 * n], _features[2 * n + 1]);
                var (um, vm) = BundleAdjustment.Reprojection(minus.AsSpan(0, 11), minus.AsSpan(11, 3), minus[14], _features[2 * n], _features[2 * n + 1]);
                result[(n * 2) * Columns + c] = (up - um) / (plus[c] - minus[c]);
                result[(n * 2 + 1) * Columns + c] = (vp - vm) / (plus[c] - minus[c]);
            }
        }

        return result;
    }

    public string Verify()
    {
        var check = new GradientCheck("Bundle adjustment reprojection Jacobian (1,000 observations, 2 × 15 each)");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = (double[])_jacobians.Clone();
        double[] fd = FiniteDifferenceJacobians();
        for (int n = 0; n < Observations; n++)
        {
            // Per observation: the columns' scales differ by orders of magnitude (focal length against distortion).
            for (int r = 0; r < 2; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    int at = (n * 2 + r) * Columns + c;
                    double e = reference[at];
                    if (!(Math.Abs(fd[at] - e) <= 1e-5 * Math.Max(1, Math.Abs(e))))
                    {
                        throw new InvalidOperationException($"Bundle adjustment: the hand-written J[{r},{c}] of observation {n} is {e:R}, central differences {fd[at]:R}.");
                    }
                }
            }
        }

        check.Gradient("FiniteDifferences", fd, reference, finiteDifferences: true);
        check.Value("HandWrittenNewArray", HandWrittenNewArray(), primal, bitwise: false);
        check.Gradient("HandWrittenNewArray", _jacobians, reference);
        FJacobian();
        check.Gradient("FJacobian", _jacobians, reference);
        check.Value("ReverseRows", ReverseRows(), 2 * primal, bitwise: false);
        check.Gradient("ReverseRows", _jacobians, reference);
        ForwardColumns();
        check.Gradient("ForwardColumns", _jacobians, reference);
        Span<double> camera = stackalloc double[BundleAdjustment.CameraParameters];
        Span<double> point = stackalloc double[3];
        for (int n = 0; n < 3; n++)
        {
            var expected = BundleAdjustment.Reprojection(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1]);
            double weight = 0;
            var value = BundleAdjustment.ReprojectionPullback(_cameras[n], _points[n], _weights[n], _features[2 * n], _features[2 * n + 1], 1, 0, camera, point, ref weight);
            check.Value("FPullback U", value.U, expected.U, bitwise: true);
            check.Value("FPullback V", value.V, expected.V, bitwise: true);
        }

        check.ZeroAllocation("ReverseRows", () => ReverseRows());
        return check.Report();
    }
}
