using GradGen.Numerics.Tests.Infrastructure;
using GradGen.Numerics.Tests.Loops;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>
/// Forward mode against reverse mode: every [Differentiable(Forward = true)] function's <c>FPushforward</c> at every point of
/// its case, along each unit direction (its tangent is then one partial derivative, which must match the analytic one and
/// FGradient's) and along a random direction (gradient · direction), with a value of the same bits as the function's.
/// </summary>
public sealed class PushforwardTests
{
    public static TheoryData<string, int> DoublePoints()
    {
        var data = new TheoryData<string, int>();
        foreach (DoubleCase c in Registry.DoubleCaseList.Where(c => c.Pushforward is not null))
        {
            for (int i = 0; i < c.Points.Length; i++) data.Add(c.Name, i);
        }

        return data;
    }

    public static TheoryData<string, int> FloatPoints()
    {
        var data = new TheoryData<string, int>();
        foreach (FloatCase c in Registry.FloatCaseList.Where(c => c.Pushforward is not null))
        {
            for (int i = 0; i < c.Points.Length; i++) data.Add(c.Name, i);
        }

        return data;
    }

    /// <summary>A direction of components in [-2, 2], the same for a case and point on every run.</summary>
    private static double[] Direction(string function, int point, int length)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(function) ^ (point * 7919) ^ length);
        return Enumerable.Range(0, length).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 3)).ToArray();
    }

    private static T[] Unit<T>(int length, int i, T one)
    {
        var e = new T[length];
        e[i] = one;
        return e;
    }

    [Theory]
    [MemberData(nameof(DoublePoints))]
    public void DoubleTangentsAreTheGradient(string function, int point)
    {
        DoubleCase c = Registry.Doubles[function];
        double[] x = c.Points[point];
        double value = c.Value(x);
        double[] analytic = c.Analytic(x);
        double[] gradient = c.Gradient(x);
        double scale = Tolerance.Scale(value, analytic);

        var partials = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            (double v, double t) = c.Pushforward!(x, Unit(x.Length, i, 1.0));
            Tolerance.BitIdentical(function, $"FPushforward().Value along d/d{c.Parameters[i]} vs F()", c.Parameters, x, value, v);
            partials[i] = t;
        }

        Tolerance.Close(function, "FPushforward().Tangent along each unit direction vs analytic", c.Parameters, x, analytic, partials,
            DoubleGradientTests.AnalyticTolerance, scale);
        Tolerance.Close(function, "FPushforward().Tangent along each unit direction vs FGradient", c.Parameters, x, gradient, partials,
            DoubleGradientTests.AnalyticTolerance, scale);

        double[] direction = Direction(function, point, x.Length);
        (double value2, double tangent) = c.Pushforward!(x, direction);
        Tolerance.BitIdentical(function, "FPushforward().Value along a random direction vs F()", c.Parameters, x, value, value2);
        double expected = gradient.Select((g, i) => g * direction[i]).Sum();
        double magnitude = Math.Max(scale, gradient.Select((g, i) => Math.Abs(g * direction[i])).Sum());
        Tolerance.Close(function, $"FPushforward().Tangent along [{string.Join(", ", direction)}] vs FGradient · direction", ["·"], x,
            [expected], [tangent], DoubleGradientTests.AnalyticTolerance, magnitude);
    }

    [Theory]
    [MemberData(nameof(FloatPoints))]
    public void FloatTangentsAreTheGradient(string function, int point)
    {
        FloatCase c = Registry.Floats[function];
        float[] x = c.Points[point];
        double[] wide = Layout.Widen(x);
        float value = c.Value(x);
        double[] analytic = c.Analytic(wide);
        float[] gradient = c.Gradient(x);
        double scale = Tolerance.Scale(c.Reference(wide), analytic);

        var partials = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            (float v, float t) = c.Pushforward!(x, Unit(x.Length, i, 1f));
            Tolerance.BitIdentical(function, $"FPushforward().Value along d/d{c.Parameters[i]} vs F()", c.Parameters, x, value, v);
            partials[i] = t;
        }

        Tolerance.Close(function, "FPushforward().Tangent along each unit direction vs analytic", c.Parameters, wide, analytic, Layout.Widen(partials),
            FloatGradientTests.AnalyticTolerance, scale);
        Tolerance.Close(function, "FPushforward().Tangent along each unit direction vs FGradient", c.Parameters, wide, Layout.Widen(gradient), Layout.Widen(partials),
            FloatGradientTests.AnalyticTolerance, scale);

        float[] direction = Direction(function, point, x.Length).Select(d => (float)d).ToArray();
        (float value2, float tangent) = c.Pushforward!(x, direction);
        Tolerance.BitIdentical(function, "FPushforward().Value along a random direction vs F()", c.Parameters, x, value, value2);
        double expected = analytic.Select((g, i) => g * direction[i]).Sum();
        double magnitude = Math.Max(scale, analytic.Select((g, i) => Math.Abs(g * direction[i])).Sum());
        Tolerance.Close(function, $"FPushforward().Tangent along [{string.Join(", ", direction)}] vs analytic · direction", ["·"], wide,
            [expected], [tangent], FloatGradientTests.AnalyticTolerance, magnitude);
    }

    /// <summary>How many cases call their pushforward: all of them but those listed here, each for the reason given.</summary>
    [Fact]
    public void EveryCaseCallsItsPushforward()
    {
        string[] missing = [.. Registry.DoubleCaseList.Where(c => c.Pushforward is null).Select(c => c.Name),
            .. Registry.FloatCaseList.Where(c => c.Pushforward is null).Select(c => c.Name)];
        Assert.True(missing.Length == 0, $"{missing.Length} of {Registry.DoubleCaseList.Count + Registry.FloatCaseList.Count} cases do not call FPushforward: {string.Join(", ", missing)}");
    }
}
