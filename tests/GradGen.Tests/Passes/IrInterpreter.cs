using GradGen.Generator.Model;

namespace GradGen.Tests.Passes;

/// <summary>
/// Runs IR as the generated C# would: enough of the IR (scalars, arrays, loops, branches, tapes, rented buffers,
/// the math functions) to execute a derivative body built by reverse mode from hand-written IR, without Roslyn.
/// </summary>
internal sealed class IrInterpreter
{
    private readonly Dictionary<int, object> _values = new();

    public IrInterpreter Set(Variable v, object value)
    {
        _values[v.Id] = value;
        return this;
    }

    public object Get(Variable v) => _values[v.Id];

    /// <summary>The value of one expression over the variables set so far.</summary>
    public object Value(Expr e) => Evaluate(e);

    /// <summary>Runs <paramref name="body"/>; returns the values of its <c>return</c> or <c>ReturnValues</c>.</summary>
    public object[] Run(Block body)
    {
        try
        {
            Execute(body);
        }
        catch (Returned r)
        {
            return r.Values;
        }

        throw new InvalidOperationException("the body did not return");
    }

    private sealed class Returned(object[] values) : Exception
    {
        public object[] Values { get; } = values;
    }

    private void Execute(Stmt s)
    {
        switch (s)
        {
            case Block b:
                foreach (Stmt x in b.Statements) Execute(x);
                break;
            case Declare d:
                _values[d.Var.Id] = d.Init is null ? Default(d.Var.Type) : Convert(Evaluate(d.Init), d.Var.Type);
                break;
            case Assign { Target: VarRef v } a:
                _values[v.Var.Id] = Convert(Evaluate(a.Value), v.Var.Type);
                break;
            case Assign { Target: ElementAccess e } a:
                ((double[])Evaluate(e.Sequence))[ToInt(Evaluate(e.Index))] = ToDouble(Evaluate(a.Value));
                break;
            case If i:
                Execute((bool)Evaluate(i.Condition) ? i.Then : i.Else);
                break;
            case Loop l:
                Execute(l.Initializer);
                if (l.Kind == LoopForm.DoWhile)
                {
                    do
                    {
                        Execute(l.Body);
                        Execute(l.Increment);
                    }
                    while (l.Condition is null || (bool)Evaluate(l.Condition));
                }
                else
                {
                    while (l.Condition is null || (bool)Evaluate(l.Condition))
                    {
                        Execute(l.Body);
                        Execute(l.Increment);
                    }
                }

                break;
            case Return r:
                throw new Returned(r.Value is null ? [] : [Evaluate(r.Value)]);
            case ReturnValues r:
                throw new Returned(r.Values.Select(Evaluate).ToArray());
            case TapePush p:
                Tape(p.Tape).Push(Evaluate(p.Value));
                break;
            case TapeReserve or DisposeStmt or CheckLength:
                break;
            case PullbackCall:
                throw new NotSupportedException("calls between methods are tested through Roslyn");
            default:
                throw new NotSupportedException("statement " + s.GetType().Name);
        }
    }

    private Stack<object> Tape(Variable tape)
    {
        if (!_values.TryGetValue(tape.Id, out object? value))
        {
            value = new Stack<object>();
            _values[tape.Id] = value;
        }

        return (Stack<object>)value;
    }

    private object Evaluate(Expr e) => e switch
    {
        RealConst c => c.Value,
        IntConst i => i.Kind == ScalarKind.Int64 ? i.Value : (object)(int)i.Value,
        BoolConst b => b.Value,
        VarRef v => _values.TryGetValue(v.Var.Id, out object? value) ? value : Default(v.Var.Type),
        Unary { Op: UnaryOp.Negate } u => Evaluate(u.Operand) is int n ? -n : -ToDouble(Evaluate(u.Operand)),
        Unary { Op: UnaryOp.Not } u => !(bool)Evaluate(u.Operand),
        Binary b => Binary(b),
        Conditional c => (bool)Evaluate(c.Condition) ? Evaluate(c.WhenTrue) : Evaluate(c.WhenFalse),
        Cast c => Convert(Evaluate(c.Operand), c.Type),
        StopGradient s => Evaluate(s.Operand),
        ElementAccess a => ((double[])Evaluate(a.Sequence))[ToInt(Evaluate(a.Index))],
        LengthOf l => ((double[])Evaluate(l.Sequence)).Length,
        NewArray n => new double[ToInt(Evaluate(n.Length))],
        RentBuffer r => new double[ToInt(Evaluate(r.Length))],
        MemberRead { Name: "Span", Receiver: { } owner } => Evaluate(owner),
        TapePop p => Tape(p.Tape).Pop(),
        Call c => Apply(c.Function, c.Args.Select(a => ToDouble(Evaluate(a))).ToArray()),
        _ => throw new NotSupportedException("expression " + e.GetType().Name),
    };

    private object Binary(Binary b)
    {
        if (b.Op == BinaryOp.AndAlso) return (bool)Evaluate(b.Left) && (bool)Evaluate(b.Right);
        if (b.Op == BinaryOp.OrElse) return (bool)Evaluate(b.Left) || (bool)Evaluate(b.Right);
        object l = Evaluate(b.Left), r = Evaluate(b.Right);
        if (l is int li && r is int ri)
        {
            return b.Op switch
            {
                BinaryOp.Add => li + ri,
                BinaryOp.Subtract => li - ri,
                BinaryOp.Multiply => li * ri,
                BinaryOp.Equals => li == ri,
                BinaryOp.NotEquals => li != ri,
                BinaryOp.LessThan => li < ri,
                BinaryOp.LessOrEqual => li <= ri,
                BinaryOp.GreaterThan => li > ri,
                BinaryOp.GreaterOrEqual => li >= ri,
                _ => throw new NotSupportedException("int " + b.Op),
            };
        }

        double x = ToDouble(l), y = ToDouble(r);
        return b.Op switch
        {
            BinaryOp.Add => x + y,
            BinaryOp.Subtract => x - y,
            BinaryOp.Multiply => x * y,
            BinaryOp.Divide => x / y,
            BinaryOp.Remainder => x % y,
            BinaryOp.Equals => x == y,
            BinaryOp.NotEquals => x != y,
            BinaryOp.LessThan => x < y,
            BinaryOp.LessOrEqual => x <= y,
            BinaryOp.GreaterThan => x > y,
            BinaryOp.GreaterOrEqual => x >= y,
            _ => throw new NotSupportedException("real " + b.Op),
        };
    }

    private static object Default(TypeRef type) => type.Scalar switch
    {
        ScalarKind.Double when type.Shape == Shape.Scalar => 0.0,
        ScalarKind.Int32 => 0,
        ScalarKind.Int64 => 0L,
        ScalarKind.Boolean => false,
        _ => null!,
    };

    private static object Convert(object value, TypeRef type) => type.Shape != Shape.Scalar || value is bool ? value : type.Scalar switch
    {
        ScalarKind.Double => ToDouble(value),
        ScalarKind.Int32 => ToInt(value),
        ScalarKind.Int64 => System.Convert.ToInt64(value),
        _ => value,
    };

    private static double ToDouble(object value) => System.Convert.ToDouble(value);

    private static int ToInt(object value) => value is double d ? (int)d : System.Convert.ToInt32(value);

    /// <summary>The value of an elementary function, as C# computes it.</summary>
    internal static double Apply(Intrinsic f, double[] x) => f switch
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
        Intrinsic.SinCosSin => Math.SinCos(x[0]).Sin,
        Intrinsic.SinCosCos => Math.SinCos(x[0]).Cos,
        Intrinsic.ScaleB => Math.ScaleB(x[0], (int)x[1]),
        // Differentiated as the exact 1/sqrt it estimates.
        Intrinsic.ReciprocalSqrtEstimate => 1 / Math.Sqrt(x[0]),
        _ => throw new NotSupportedException(f.ToString()),
    };
}
