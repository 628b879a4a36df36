using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using GradGen.Tests.Passes;

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
        Add(Intrinsic.SinCosSin, 1, [0.3], [-2.1]);
        Add(Intrinsic.SinCosCos, 1, [0.3], [2.5]);
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

    public static TheoryData<string, double, double> OperatorPoints()
    {
        var data = new TheoryData<string, double, double>();
        foreach (string op in new[] { "neg", "+", "-", "*", "/", "%", "float" })
        {
            data.Add(op, 0.7, -1.3);
            data.Add(op, -2.5, 0.4);
        }

        return data;
    }

    /// <summary>The operators' partials (<see cref="OperatorRules"/>), applied to a derivative of 1, against finite differences.</summary>
    [Theory]
    [MemberData(nameof(OperatorPoints))]
    public void OperatorPartialsMatchFiniteDifferences(string op, double a, double b)
    {
        Expr l = new VarRef(Arguments[0]), r = new VarRef(Arguments[1]);
        Expr e = op switch
        {
            "neg" => new Unary(UnaryOp.Negate, l, TypeRef.Double),
            "+" => new Binary(BinaryOp.Add, l, r, TypeRef.Double),
            "-" => new Binary(BinaryOp.Subtract, l, r, TypeRef.Double),
            "*" => new Binary(BinaryOp.Multiply, l, r, TypeRef.Double),
            "/" => new Binary(BinaryOp.Divide, l, r, TypeRef.Double),
            "%" => new Binary(BinaryOp.Remainder, l, r, TypeRef.Double),
            _ => new Cast(new Cast(l, TypeRef.Float, IsImplicit: false), TypeRef.Double, IsImplicit: true),
        };
        double[] point = [a, b];
        OperandDerivative[] operands = Assert.IsType<OperandDerivative[]>(OperatorRules.Of(e, self: null));
        Assert.Equal(op is "neg" or "float" ? 1 : 2, operands.Length);
        for (int k = 0; k < operands.Length; k++)
        {
            // d/d(operand k) of e, where the operand is argument k (through the inner conversion for "float").
            Expr one = RealConst.Of(1, operands[k].Operand.Type.Scalar);
            Expr partial = operands[k].Scale(one, operands[k].Operand.Type);
            double exact = Convert.ToDouble(new IrInterpreter().Set(Arguments[0], op == "float" ? (object)(float)a : a).Set(Arguments[1], b).Value(partial));
            double h = 1e-6 * Math.Max(1, Math.Abs(point[k]));
            double[] up = (double[])point.Clone(), down = (double[])point.Clone();
            up[k] += h;
            down[k] -= h;
            double difference = op == "float" ? 1.0 : (Evaluate(e, up) - Evaluate(e, down)) / (2 * h);
            Assert.True(Math.Abs(exact - difference) <= 1e-6 * Math.Max(1, Math.Abs(exact)),
                $"d({op})/d(operand {k}) at ({a}, {b}): rule gives {exact:R}, finite difference {difference:R}");
            Assert.Equal(op is not ("*" or "/") && !(op == "%" && k == 1), operands[k].IsUnit);
        }
    }

    private static double Evaluate(Expr e, double[] point)
    {
        var run = new IrInterpreter();
        for (int k = 0; k < point.Length; k++) run.Set(Arguments[k], point[k]);
        return Convert.ToDouble(run.Value(e));
    }
}
