using System.Diagnostics;
using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>What ML code puts in a loss besides math: NaN checks, asserts, logging. Checks of a differentiable value
/// have no derivative and are evaluated as written; a call made for its effect runs as many times in each generated
/// member as in the method (<see cref="SideEffectTests"/> counts them).</summary>
public static partial class SideEffects
{
    /// <summary>Per thread: other tests call the same method in parallel.</summary>
    [ThreadStatic]
    public static int Logged;

    public static void Log(int step, double value) => Logged++;

    [Differentiable(Forward = true)]
    public static double Checked(double[] w)
    {
        Debug.Assert(w.Length > 0, "no weights");
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double t = w[i] * w[i];
            if (double.IsNaN(t) || !double.IsFinite(t)) throw new ArgumentException("weights must be finite", nameof(w));
            s += Math.Exp(0.5 * t);
            Log(i, s);
        }

        return s;
    }

    public static double[] CheckedAnalytic(double[] w) => w.Select(v => v * Math.Exp(0.5 * v * v)).ToArray();

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Checked),
            Parameters = ["w[0]", "w[1]", "w[2]"],
            Value = Checked,
            Gradient = CheckedGradient,
            ValueAndGradient = CheckedValueAndGradient,
            Pullback = (p, seed, a) => CheckedPullback(p, seed, a),
            Pushforward = (p, tangent) => CheckedPushforward(p, tangent),
            Analytic = CheckedAnalytic,
            Points = [[0.5, -1.0, 0.3], [1.5, 0.25, -0.7]],
        };
    }
}

public class SideEffectTests
{
    [Fact]
    public void ACallForItsEffectRunsOncePerIterationInEveryMember()
    {
        double[] w = [0.5, -1.0, 0.3];
        int Count(Action member)
        {
            int before = SideEffects.Logged;
            member();
            return SideEffects.Logged - before;
        }

        Assert.Equal(3, Count(() => SideEffects.Checked(w)));
        Assert.Equal(3, Count(() => SideEffects.CheckedGradient(w)));
        Assert.Equal(3, Count(() => SideEffects.CheckedValueAndGradient(w)));
        Assert.Equal(3, Count(() => SideEffects.CheckedPullback(w, 1.0, new double[3])));
    }

    [Fact]
    public void AThrowOnANonFiniteValueThrowsInEveryMember()
    {
        double[] w = [0.5, double.NaN];
        Assert.Throws<ArgumentException>(() => SideEffects.Checked(w));
        Assert.Throws<ArgumentException>(() => SideEffects.CheckedGradient(w));
        Assert.Throws<ArgumentException>(() => SideEffects.CheckedPullback(w, 1.0, new double[2]));
    }
}
