using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Tests.Rules;

/// <summary>
/// Every entry of the derivative table checked on its own, without Roslyn: the partial the rule builds (an IR
/// expression) is evaluated at sample points and compared with a central finite difference of the function.
/// </summary>
public class DerivativeRuleTests
{
    private static readonly Variable[] Arguments =
    [
        new(0, "a", TypeRef.Double, VariableKind.Parameter),
        new(1, "b", TypeRef.Double, VariableKind.Parameter),
        new(2, "c", TypeRef.Double, VariableKind.Parameter),
    ];

    /// <summary>The functions with their arity and points inside their domains, away from kinks and steps.</summary>
    public static TheoryData<string, int, double[]> Points()
    {
        var data = new TheoryData<string, int, double[]>();
        void Add(Intrinsic f, int arity, params double[][] points)
        {
            foreach (double[] p in points) data.Add(f.ToString(), arity, p);
        }

        Add(Intrinsic.Sin, 1, [0.3], [-2.1]);
        Add(Intrinsic.Cos, 1, [0.3], [2.5]);
        Add(Intrinsic.Tan, 1, [0.4], [-1.2]);
        Add(Intrinsic.Asin, 1, [0.3], [-0.8]);
        Add(Intrinsic.Acos, 1, [0.3], [-0.8]);
        Add(Intrinsic.Atan, 1, [0.7], [-3.0]);
        Add(Intrinsic.Atan2, 2, [0.7, -1.3], [-2.0, 0.5]);
        Add(Intrinsic.Sinh, 1, [0.7], [-1.5]);
        Add(Intrinsic.Cosh, 1, [0.7], [-1.5]);
        Add(Intrinsic.Tanh, 1, [0.7], [-1.5]);
        Add(Intrinsic.Asinh, 1, [0.7], [-2.5]);
        Add(Intrinsic.Acosh, 1, [1.7], [3.5]);
        Add(Intrinsic.Atanh, 1, [0.7], [-0.3]);
        Add(Intrinsic.Exp, 1, [0.7], [-1.5]);
        Add(Intrinsic.Log, 1, [0.7], [12.5]);
        Add(Intrinsic.LogBase, 2, [0.7, 3.0], [12.5, 0.5]);
        Add(Intrinsic.Log10, 1, [0.7], [12.5]);
        Add(Intrinsic.Log2, 1, [0.7], [12.5]);
        Add(Intrinsic.Sqrt, 1, [0.7], [12.5]);
        Add(Intrinsic.Cbrt, 1, [0.7], [-12.5]);
        Add(Intrinsic.Pow, 2, [0.7, 2.5], [3.0, -1.5], [1.5, 0.0]);
        Add(Intrinsic.Abs, 1, [0.7], [-1.5]);
        Add(Intrinsic.Max, 2, [0.7, -1.5], [-1.5, 0.7]);
        Add(Intrinsic.Min, 2, [0.7, -1.5], [-1.5, 0.7]);
        Add(Intrinsic.FusedMultiplyAdd, 3, [0.7, -1.5, 2.0]);
        Add(Intrinsic.Floor, 1, [0.7], [-1.5]);
        Add(Intrinsic.Ceiling, 1, [0.7], [-1.2]);
        Add(Intrinsic.Round, 1, [0.7], [-1.2]);
        Add(Intrinsic.Truncate, 1, [0.7], [-1.2]);
        Add(Intrinsic.Sign, 1, [0.7], [-1.2]);
        Add(Intrinsic.Clamp, 3, [0.3, -1.0, 1.0], [-2.0, -1.0, 1.0], [3.0, -1.0, 1.0]);
        Add(Intrinsic.Hypot, 2, [0.7, -1.3], [-2.0, 0.5]);
        Add(Intrinsic.LogP1, 1, [0.7], [-0.5]);
        Add(Intrinsic.ExpM1, 1, [0.7], [-1.5]);
        Add(Intrinsic.CopySign, 2, [0.7, -1.3], [-2.0, 0.5], [1.5, 2.0]);
        Add(Intrinsic.ScaleB, 2, [0.7, 3.0], [-2.0, -1.0]);
        Add(Intrinsic.ReciprocalSqrtEstimate, 1, [0.7], [12.5]);
        return data;
    }

    [Fact]
    public void EveryFunctionHasSamplePoints()
    {
        var covered = Points().Select(row => Enum.Parse<Intrinsic>((string)row[0])).ToHashSet();
        Assert.Equal(Enum.GetValues<Intrinsic>().OrderBy(f => f), covered.OrderBy(f => f));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void PartialsMatchFiniteDifferences(string name, int arity, double[] point)
    {
        Intrinsic function = Enum.Parse<Intrinsic>(name);
        var call = new Call(function, Arguments.Take(arity).Select(a => (Expr)new VarRef(a)).ToEquatableArray(), TypeRef.Double);
        double Value(double[] p) => Evaluate(call, p);
        for (int k = 0; k < arity; k++)
        {
            Expr? partial = DerivativeRules.Partial(function, call, k, call);
            double h = 1e-6 * Math.Max(1, Math.Abs(point[k]));
            double[] up = (double[])point.Clone(), down = (double[])point.Clone();
            up[k] += h;
            down[k] -= h;
            double difference = (Value(up) - Value(down)) / (2 * h);
            if (partial is null)
            {
                // No derivative in this argument: a step, or an argument the function only reads the sign of
                // (CopySign's y) or an int (ScaleB's n, whose finite difference means nothing).
                if (function == Intrinsic.ScaleB && k == 1) continue;
                Assert.True(DerivativeRules.IsPiecewiseConstant(function) || function == Intrinsic.CopySign, $"{function} has no partial in argument {k}");
                Assert.Equal(0.0, difference, 9);
                continue;
            }

            double exact = Evaluate(partial, point);
            Assert.True(Math.Abs(exact - difference) <= 1e-6 * Math.Max(1, Math.Abs(exact)),
                $"d{function}/d(arg {k}) at ({string.Join(", ", point)}): rule gives {exact:R}, finite difference {difference:R}");
        }
    }

    /// <summary>Evaluates an IR expression over the argument variables: the arithmetic a partial is built of.</summary>
    private static double Evaluate(Expr e, double[] point) => e switch
    {
        RealConst c => c.Value,
        IntConst i => i.Value,
        VarRef v => point[v.Var.Id],
        Unary { Op: UnaryOp.Negate } u => -Evaluate(u.Operand, point),
        Binary b => b.Op switch
        {
            BinaryOp.Add => Evaluate(b.Left, point) + Evaluate(b.Right, point),
            BinaryOp.Subtract => Evaluate(b.Left, point) - Evaluate(b.Right, point),
            BinaryOp.Multiply => Evaluate(b.Left, point) * Evaluate(b.Right, point),
            BinaryOp.Divide => Evaluate(b.Left, point) / Evaluate(b.Right, point),
            _ => throw new NotSupportedException("a partial with " + b.Op),
        },
        Conditional c => Holds(c.Condition, point) ? Evaluate(c.WhenTrue, point) : Evaluate(c.WhenFalse, point),
        Call c => Apply(c.Function, c.Args.Select(a => Evaluate(a, point)).ToArray()),
        _ => throw new NotSupportedException("a partial with " + e.GetType().Name),
    };

    private static bool Holds(Expr condition, double[] point) => condition switch
    {
        Binary b when b.Op is BinaryOp.LessThan => Evaluate(b.Left, point) < Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.LessOrEqual => Evaluate(b.Left, point) <= Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.GreaterThan => Evaluate(b.Left, point) > Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.GreaterOrEqual => Evaluate(b.Left, point) >= Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.Equals => Evaluate(b.Left, point) == Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.NotEquals => Evaluate(b.Left, point) != Evaluate(b.Right, point),
        Binary b when b.Op is BinaryOp.AndAlso => Holds(b.Left, point) && Holds(b.Right, point),
        Unary { Op: UnaryOp.Not } n => !Holds(n.Operand, point),
        _ => throw new NotSupportedException("a condition " + condition),
    };

    private static double Apply(Intrinsic f, double[] x) => f switch
    {
        Intrinsic.Sin => Math.Sin(x[0]),
        Intrinsic.Cos => Math.Cos(x[0]),
        Intrinsic.Tan => Math.Tan(x[0]),
        Intrinsic.Asin => Math.Asin(x[0]),
        Intrinsic.Acos => Math.Acos(x[0]),
        Intrinsic.Atan => Math.Atan(x[0]),
        Intrinsic.Atan2 => Math.Atan2(x[0], x[1]),
        Intrinsic.Sinh => Math.Sinh(x[0]),
        Intrinsic.Cosh => Math.Cosh(x[0]),
        Intrinsic.Tanh => Math.Tanh(x[0]),
        Intrinsic.Asinh => Math.Asinh(x[0]),
        Intrinsic.Acosh => Math.Acosh(x[0]),
        Intrinsic.Atanh => Math.Atanh(x[0]),
        Intrinsic.Exp => Math.Exp(x[0]),
        Intrinsic.Log => Math.Log(x[0]),
        Intrinsic.LogBase => Math.Log(x[0], x[1]),
        Intrinsic.Log10 => Math.Log10(x[0]),
        Intrinsic.Log2 => Math.Log2(x[0]),
        Intrinsic.Sqrt => Math.Sqrt(x[0]),
        Intrinsic.Cbrt => Math.Cbrt(x[0]),
        Intrinsic.Pow => Math.Pow(x[0], x[1]),
        Intrinsic.Abs => Math.Abs(x[0]),
        Intrinsic.Max => Math.Max(x[0], x[1]),
        Intrinsic.Min => Math.Min(x[0], x[1]),
        Intrinsic.FusedMultiplyAdd => Math.FusedMultiplyAdd(x[0], x[1], x[2]),
        Intrinsic.Floor => Math.Floor(x[0]),
        Intrinsic.Ceiling => Math.Ceiling(x[0]),
        Intrinsic.Round => Math.Round(x[0]),
        Intrinsic.Truncate => Math.Truncate(x[0]),
        Intrinsic.Sign => Math.Sign(x[0]),
        Intrinsic.Clamp => Math.Clamp(x[0], x[1], x[2]),
        Intrinsic.Hypot => double.Hypot(x[0], x[1]),
        Intrinsic.LogP1 => double.LogP1(x[0]),
        Intrinsic.ExpM1 => double.ExpM1(x[0]),
        Intrinsic.CopySign => Math.CopySign(x[0], x[1]),
        Intrinsic.ScaleB => Math.ScaleB(x[0], (int)x[1]),
        // Differentiated as the exact 1/sqrt it estimates.
        Intrinsic.ReciprocalSqrtEstimate => 1 / Math.Sqrt(x[0]),
        _ => throw new NotSupportedException(f.ToString()),
    };
}
