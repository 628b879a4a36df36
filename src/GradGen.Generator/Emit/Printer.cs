using System;
using System.Collections.Generic;
using System.Text;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// Prints IR expressions as C#, with the fewest parentheses that keep the tree (and so the order
    /// of floating-point operations) exactly as it is.
    /// </summary>
    internal sealed class Printer
    {
        private readonly Func<Variable, string> _name;
        private readonly bool _hasMathF;
        private readonly Func<Intrinsic, FunctionSpelling> _spelling;

        /// <param name="name">The name of each variable.</param>
        /// <param name="hasMathF">Whether the target has System.MathF (netstandard2.0 does not).</param>
        /// <param name="spelling">How each elementary function is spelled (from the rules table, which the emitter
        /// does not depend on).</param>
        public Printer(Func<Variable, string> name, bool hasMathF, Func<Intrinsic, FunctionSpelling> spelling)
        {
            _name = name;
            _hasMathF = hasMathF;
            _spelling = spelling;
        }

        public string Print(Expr e)
        {
            var sb = new StringBuilder();
            Write(sb, e, 0, implicitConversionOk: false);
            return sb.ToString();
        }

        /// <summary>Prints a value assigned to (or passed as) something of its own type: an implicit
        /// conversion needs no cast there.</summary>
        public string PrintValue(Expr e)
        {
            var sb = new StringBuilder();
            Write(sb, e, 0, implicitConversionOk: true);
            return sb.ToString();
        }

        public static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) is SyntaxKind.VarKeyword
                ? "@" + identifier
                : identifier;

        public string Name(Variable v) => Escape(_name(v));

        private const int Conditional = 3;
        private const int OrElse = 4;
        private const int AndAlso = 5;
        private const int BitOr = 6;
        private const int BitXor = 7;
        private const int BitAnd = 8;
        private const int Equality = 9;
        private const int Relational = 10;
        private const int Shift = 11;
        private const int Additive = 12;
        private const int Multiplicative = 13;
        private const int UnaryLevel = 14;
        private const int Primary = 15;

        private static int Precedence(BinaryOp op) => op switch
        {
            BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder => Multiplicative,
            BinaryOp.Add or BinaryOp.Subtract => Additive,
            BinaryOp.LeftShift or BinaryOp.RightShift => Shift,
            BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual => Relational,
            BinaryOp.Equals or BinaryOp.NotEquals => Equality,
            BinaryOp.BitwiseAnd => BitAnd,
            BinaryOp.ExclusiveOr => BitXor,
            BinaryOp.BitwiseOr => BitOr,
            BinaryOp.AndAlso => AndAlso,
            _ => OrElse,
        };

        private static string Symbol(BinaryOp op) => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Divide => "/",
            BinaryOp.Remainder => "%",
            BinaryOp.Equals => "==",
            BinaryOp.NotEquals => "!=",
            BinaryOp.LessThan => "<",
            BinaryOp.LessOrEqual => "<=",
            BinaryOp.GreaterThan => ">",
            BinaryOp.GreaterOrEqual => ">=",
            BinaryOp.AndAlso => "&&",
            BinaryOp.OrElse => "||",
            BinaryOp.BitwiseAnd => "&",
            BinaryOp.BitwiseOr => "|",
            BinaryOp.ExclusiveOr => "^",
            BinaryOp.LeftShift => "<<",
            _ => ">>",
        };

        private int PrecedenceOf(Expr e, bool implicitConversionOk) => e switch
        {
            Binary b => Precedence(b.Op),
            Unary => UnaryLevel,
            Model.Conditional => Conditional,
            Model.Cast c when c.Type.IsScalar && (c.Type.Scalar == ScalarKind.Generic || c.Operand.Type.Scalar == ScalarKind.Generic) && c.Operand.Type != c.Type => Primary,
            Model.Cast c when implicitConversionOk && c.IsImplicit => PrecedenceOf(c.Operand, false),
            Model.Cast c when c.Type.IsSequence => PrecedenceOf(c.Operand, false),
            Model.Cast => UnaryLevel,
            RealConst { Symbol: null, Kind: not ScalarKind.Generic } r when IsNegative(r.Value) => UnaryLevel,
            RealConst r when IsConverted(r) => UnaryLevel,
            IntConst i when i.Value < 0 => UnaryLevel,
            IntConst { Kind: ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Byte or ScalarKind.SByte } => UnaryLevel, // written as a cast: (byte)5
            StopGradient s => PrecedenceOf(s.Operand, implicitConversionOk),
            NewArray => UnaryLevel,
            Model.Call c when c.Type.Scalar == ScalarKind.Float && c.Args[0].Type.Scalar != ScalarKind.Generic && !_hasMathF => UnaryLevel,
            _ => Primary,
        };

        /// <summary>A named constant read as another type than its own (<c>(float)Math.PI</c>): it is written with
        /// the cast, so that the compiler converts it exactly as the user's code does.</summary>
        private static bool IsConverted(RealConst r) => r.Symbol is { } symbol && symbol.Kind != r.Kind;

        private static bool IsNegative(double value) => value < 0 || (value == 0 && BitConverter.DoubleToInt64Bits(value) != 0);

        private void Write(StringBuilder sb, Expr e, int parentPrecedence, bool implicitConversionOk, bool isRightOperand = false)
        {
            int precedence = PrecedenceOf(e, implicitConversionOk);
            bool parenthesize = precedence < parentPrecedence || (precedence == parentPrecedence && isRightOperand && precedence != Primary && precedence != UnaryLevel);
            if (parenthesize) sb.Append('(');
            WriteCore(sb, e, implicitConversionOk);
            if (parenthesize) sb.Append(')');
        }

        private void WriteCore(StringBuilder sb, Expr e, bool implicitConversionOk)
        {
            switch (e)
            {
                case RealConst r:
                    if (r.Symbol is null)
                    {
                        sb.Append(Literals.Real(r.Value, r.Kind));
                    }
                    else
                    {
                        if (IsConverted(r)) sb.Append('(').Append(TypeNames.Of(r.Type)).Append(')');
                        sb.Append(TypeNames.Of(r.Symbol.Owner)).Append('.').Append(TypeNames.Identifier(r.Symbol.Name));
                    }

                    break;
                case IntConst i:
                    sb.Append(Literals.Integer(i.Value, i.Kind));
                    break;
                case BoolConst b:
                    sb.Append(Literals.Boolean(b.Value));
                    break;
                case OtherConst c:
                    if (c.Value.IsNumber)
                    {
                        sb.Append('(').Append(TypeNames.Of(c.Type)).Append(")(").Append(Literals.Constant(c.Value)).Append(')');
                    }
                    else
                    {
                        sb.Append(Literals.Constant(c.Value));
                    }

                    break;
                case VarRef v:
                    sb.Append(Name(v.Var));
                    break;
                case ThisRef:
                    sb.Append("this");
                    break;
                case Unary u:
                    sb.Append(u.Op switch { UnaryOp.Negate => "-", UnaryOp.Not => "!", _ => "~" });
                    if (u.Op == UnaryOp.Negate && StartsWithMinus(u.Operand))
                    {
                        sb.Append('(');
                        WriteCore(sb, u.Operand, false);
                        sb.Append(')');
                    }
                    else
                    {
                        Write(sb, u.Operand, UnaryLevel, false);
                    }

                    break;
                case Binary b:
                    {
                        int p = Precedence(b.Op);
                        bool arithmetic = p >= Relational;
                        // Of two conversions (an int read as a real on both sides: Math.Sign(x) / k), the left one is written, so
                        // that C# computes in the real type and not in int (integer division).
                        WriteOperand(sb, b.Left, p, arithmetic && ConversionIsImplied(b.Left, b.Right) && !ConversionIsImplied(b.Right, b.Left), isRight: false);
                        sb.Append(' ').Append(Symbol(b.Op)).Append(' ');
                        WriteOperand(sb, b.Right, p, arithmetic && ConversionIsImplied(b.Right, b.Left), isRight: true);
                        break;
                    }

                case Model.Conditional c:
                    Write(sb, c.Condition, OrElse, false);
                    sb.Append(" ? ");
                    Write(sb, c.WhenTrue, Conditional + 1, implicitConversionOk);
                    sb.Append(" : ");
                    Write(sb, c.WhenFalse, Conditional + 1, implicitConversionOk);
                    break;
                case Model.Cast c when c.Type.IsScalar && (c.Type.Scalar == ScalarKind.Generic || c.Operand.Type.Scalar == ScalarKind.Generic) && c.Operand.Type != c.Type:
                    // Generic math has no conversion operators: T.CreateChecked(i), as the user's code converts.
                    sb.Append(TypeNames.Of(c.Type)).Append(".CreateChecked(");
                    Write(sb, c.Operand, 0, false);
                    sb.Append(')');
                    break;
                case Model.Cast c:
                    if ((implicitConversionOk && c.IsImplicit) || c.Type.IsSequence)
                    {
                        WriteCore(sb, c.Operand, false);
                    }
                    else
                    {
                        sb.Append('(').Append(TypeNames.Of(c.Type)).Append(')');
                        Write(sb, c.Operand, Primary, false);
                    }

                    break;
                case Model.Call c:
                    WriteCall(sb, c);
                    break;
                case ElementAccess { Sequence: ElementAccess row } a when row.Sequence.Type.Shape == Shape.Matrix:
                    Write(sb, row.Sequence, Primary, false);
                    sb.Append('[');
                    Write(sb, row.Index, 0, true);
                    sb.Append(", ");
                    Write(sb, a.Index, 0, true);
                    sb.Append(']');
                    break;
                case ElementAccess a:
                    Write(sb, a.Sequence, Primary, false);
                    sb.Append('[');
                    Write(sb, a.Index, 0, true);
                    sb.Append(']');
                    break;
                case LengthOf l:
                    Write(sb, l.Sequence, Primary, false);
                    sb.Append(".Length");
                    break;
                case MemberRead m:
                    WriteQualifier(sb, m.Receiver, m.Owner);
                    sb.Append(TypeNames.Identifier(m.Name));
                    break;
                case OpaqueCall { IsConstruction: true } make:
                    sb.Append("new ").Append(TypeNames.Of(make.ResultType));
                    if (make.InitializedMembers.Count == 0)
                    {
                        WriteArgumentList(sb, make.Args);
                        break;
                    }

                    sb.Append(" { ");
                    for (int i = 0; i < make.Args.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        sb.Append(Escape(make.InitializedMembers[i])).Append(" = ");
                        Write(sb, make.Args[i], 0, true);
                    }

                    sb.Append(" }");
                    break;
                case OpaqueCall call:
                    WriteQualifier(sb, call.Receiver, call.Owner);
                    sb.Append(TypeNames.Identifier(call.Method));
                    TypeNames.WriteTypeArguments(sb, call.TypeArguments);
                    WriteArgumentList(sb, call.Args);
                    break;
                case DiffCall call:
                    WriteQualifier(sb, call.Receiver, call.Owner);
                    sb.Append(TypeNames.Identifier(call.Method));
                    TypeNames.WriteTypeArguments(sb, call.TypeArguments);
                    WriteArgumentList(sb, call.Memberwise ? new List<Expr>(call.CallArguments) : call.Args);
                    break;
                case StopGradient s:
                    WriteCore(sb, s.Operand, implicitConversionOk);
                    break;
                case NewArray { Type.Shape: Shape.Jagged } n:
                    // new double[n][]: the rows are created one by one.
                    sb.Append("new ").Append(TypeNames.Of(n.Type.Element.WithShape(Shape.Scalar))).Append('[');
                    Write(sb, n.Length, 0, true);
                    sb.Append("][]");
                    break;
                case NewArray { Type.Shape: Shape.Matrix, Columns: { } columns } n:
                    sb.Append("new ").Append(TypeNames.Of(n.Type.Element.WithShape(Shape.Scalar))).Append('[');
                    Write(sb, n.Length, 0, true);
                    sb.Append(", ");
                    Write(sb, columns, 0, true);
                    sb.Append(']');
                    break;
                case NewArray n:
                    sb.Append(n.IsStackalloc ? "stackalloc " : "new ").Append(TypeNames.Of(n.Type.Element)).Append('[');
                    Write(sb, n.Length, 0, true);
                    sb.Append(']');
                    break;
                case TapePop p:
                    sb.Append(Name(p.Tape)).Append(".Pop()");
                    break;
                case RentBuffer r:
                    sb.Append("new ").Append(TypeNames.Of(r.Owner.Type)).Append('(');
                    Write(sb, r.Length, 0, true);
                    sb.Append(')');
                    break;
                default:
                    throw new InvalidOperationException("Cannot print " + e.GetType().Name);
            }
        }

        private void WriteOperand(StringBuilder sb, Expr operand, int precedence, bool implicitOk, bool isRight)
        {
            if (operand is RealConst { Symbol: null, Kind: not ScalarKind.Generic } r && IsNegative(r.Value) || operand is IntConst { Value: < 0 })
            {
                sb.Append('(');
                WriteCore(sb, operand, false);
                sb.Append(')');
                return;
            }

            Write(sb, operand, precedence, implicitOk, isRight);
        }

        /// <summary>In <c>a op b</c>, an implicit conversion of <paramref name="operand"/> to the type of the
        /// operation is what C# does anyway when the other side already has that type.</summary>
        private static bool ConversionIsImplied(Expr operand, Expr other) =>
            operand is Model.Cast { IsImplicit: true } c && c.Type.IsReal && Unwrap(other).Type == c.Type;

        private static Expr Unwrap(Expr e) => e is StopGradient s ? s.Operand : e;

        private static bool StartsWithMinus(Expr e) => e switch
        {
            StopGradient s => StartsWithMinus(s.Operand), // printed as its operand: -(-y) must not become --y
            Unary { Op: UnaryOp.Negate } => true,
            RealConst { Symbol: null, Kind: not ScalarKind.Generic } r => IsNegative(r.Value),
            IntConst i => i.Value < 0,
            _ => false,
        };

        private void WriteCall(StringBuilder sb, Model.Call c)
        {
            bool isFloat = c.Type.Scalar == ScalarKind.Float && c.Args[0].Type.Scalar == ScalarKind.Float;
            FunctionSpelling spelling = _spelling(c.Function);
            string owner;
            if (c.Args[0].Type.Scalar == ScalarKind.Generic)
            {
                // Generic math: the static abstract member of the type parameter, T.Exp(x).
                owner = TypeNames.GenericName + ".";
            }
            else if (spelling.OnNumberTypeOnly)
            {
                owner = isFloat ? "float." : "double.";
            }
            else if (isFloat && !_hasMathF)
            {
                // No System.MathF on this target (netstandard2.0): compute in double and round.
                sb.Append("(float)global::System.Math.").Append(spelling.Name).Append('(');
                WriteArguments(sb, c.Args);
                sb.Append(')');
                if (spelling.Element is not null) sb.Append('.').Append(spelling.Element);
                return;
            }
            else
            {
                owner = isFloat && !spelling.FloatOnMath ? "global::System.MathF." : "global::System.Math.";
            }

            sb.Append(owner).Append(spelling.Name).Append('(');
            // A conversion into the argument stays written: Math.Floor(n) of an int n is ambiguous (double or
            // decimal), and Math.Abs(f) of a float would pick the float overload.
            for (int i = 0; i < c.Args.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Write(sb, c.Args[i], 0, implicitConversionOk: c.Args[i] is not Model.Cast { IsImplicit: true });
            }

            sb.Append(')');
            if (spelling.Element is not null) sb.Append('.').Append(spelling.Element);
        }

        /// <summary>What a member is read or called on, and the dot: the receiver, or the type that declares a
        /// static member; nothing for neither.</summary>
        private void WriteQualifier(StringBuilder sb, Expr? receiver, TypeName? owner)
        {
            if (receiver is not null)
            {
                Write(sb, receiver, Primary, false);
                sb.Append('.');
            }
            else if (owner is not null)
            {
                sb.Append(TypeNames.Of(owner)).Append('.');
            }
        }

        private void WriteArgumentList(StringBuilder sb, IReadOnlyList<Expr> args)
        {
            sb.Append('(');
            WriteArguments(sb, args);
            sb.Append(')');
        }

        public void WriteArguments(StringBuilder sb, IReadOnlyList<Expr> args)
        {
            for (int i = 0; i < args.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Write(sb, args[i], 0, true);
            }
        }
    }
}
