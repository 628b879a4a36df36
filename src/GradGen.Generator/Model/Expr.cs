using System;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    internal enum UnaryOp : byte
    {
        Negate,
        Not,
        BitwiseNot,
    }

    internal enum BinaryOp : byte
    {
        Add,
        Subtract,
        Multiply,
        Divide,
        Remainder,
        Equals,
        NotEquals,
        LessThan,
        LessOrEqual,
        GreaterThan,
        GreaterOrEqual,

        /// <summary>Short-circuit <c>&amp;&amp;</c>.</summary>
        AndAlso,

        /// <summary>Short-circuit <c>||</c>.</summary>
        OrElse,

        BitwiseAnd,
        BitwiseOr,
        ExclusiveOr,
        LeftShift,
        RightShift,
    }

    /// <summary>The elementary functions GradGen knows (<c>System.Math</c>, <c>System.MathF</c> and the static
    /// methods of <c>double</c> and <c>float</c>). Everything about each one, its C# names, partials,
    /// smoothness and cost, is its entry in the table <c>Rules/ElementaryFunctions</c>.</summary>
    internal enum Intrinsic : byte
    {
        Sin,
        Cos,
        Tan,
        Asin,
        Acos,
        Atan,
        Atan2,
        Sinh,
        Cosh,
        Tanh,
        Asinh,
        Acosh,
        Atanh,
        Exp,
        Log,
        LogBase,
        Log10,
        Log2,
        Sqrt,
        Cbrt,
        Pow,
        Abs,
        Max,
        Min,
        FusedMultiplyAdd,
        Floor,
        Ceiling,
        Round,
        Truncate,
        Sign,
        Clamp,
        Hypot,
        LogP1,
        ExpM1,
        CopySign,
        ScaleB,
        ReciprocalSqrtEstimate,

        /// <summary>The <c>Sin</c> element of <c>Math.SinCos(x)</c>.</summary>
        SinCosSin,

        /// <summary>The <c>Cos</c> element of <c>Math.SinCos(x)</c>.</summary>
        SinCosCos,
    }

    /// <summary>How generated code spells a call to an elementary function: its method name, and whether it is a
    /// static method of <c>double</c>/<c>float</c> only (not of <c>Math</c>/<c>MathF</c>), and whether its float
    /// overload is on <c>Math</c> (MathF has no <c>Clamp</c>); <see cref="Element"/> names the element of a
    /// tuple-valued function that the call stands for (<c>Math.SinCos(x).Sin</c>).</summary>
    internal readonly record struct FunctionSpelling(string Name, bool OnNumberTypeOnly, bool FloatOnMath = false, string? Element = null);

    /// <summary>An expression of the IR. Records give value equality, so models built from them cache.</summary>
    internal abstract record Expr
    {
        public abstract TypeRef Type { get; }
    }

    /// <summary>A <c>double</c> or <c>float</c> constant, stored by its bits so that -0.0 and 0.0 differ.
    /// <see cref="Symbol"/> is the named constant to print instead of digits (<c>Math.PI</c>), converted to
    /// <see cref="Kind"/> where that is not its own type (<c>(float)Math.PI</c>).</summary>
    internal sealed record RealConst(long Bits, ScalarKind Kind, StaticMember? Symbol = null) : Expr
    {
        public double Value => BitConverter.Int64BitsToDouble(Bits);

        public override TypeRef Type => new(Kind);

        public static RealConst Of(double value, ScalarKind kind) =>
            new(BitConverter.DoubleToInt64Bits(kind == ScalarKind.Float ? (float)value : value), kind);

        public bool IsZero => Value == 0.0;

        public bool Is(double value) => Value == value;
    }

    /// <summary>A static field or property, named by the type that declares it and its identifier; <see cref="Kind"/>
    /// is the type it is declared with (<c>double</c> for <c>Math.PI</c>, <c>float</c> for <c>MathF.PI</c>).</summary>
    internal sealed record StaticMember(TypeName Owner, string Name, ScalarKind Kind);

    internal sealed record IntConst(long Value, ScalarKind Kind) : Expr
    {
        public override TypeRef Type => new(Kind);
    }

    internal sealed record BoolConst(bool Value) : Expr
    {
        public override TypeRef Type => TypeRef.Boolean;
    }

    /// <summary>A constant of a type GradGen only passes through: a string or a char, or a value of an enum type
    /// that names none of its members, held as its number (and written as a cast to the enum).</summary>
    internal sealed record OtherConst(ConstantValue Value, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    internal sealed record VarRef(Variable Var) : Expr
    {
        public override TypeRef Type => Var.Type;
    }

    internal sealed record Unary(UnaryOp Op, Expr Operand, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    internal sealed record Call(Intrinsic Function, EquatableArray<Expr> Args, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    internal sealed record Conditional(Expr Condition, Expr WhenTrue, Expr WhenFalse, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    /// <summary>A numeric conversion, or an array viewed as a span.</summary>
    internal sealed record Cast(Expr Operand, TypeRef Target, bool IsImplicit) : Expr
    {
        public override TypeRef Type => Target;
    }

    /// <summary><c>sequence[index]</c> on an array or a span.</summary>
    internal sealed record ElementAccess(Expr Sequence, Expr Index) : Expr
    {
        public override TypeRef Type => Sequence.Type.Element;
    }

    /// <summary><c>sequence.Length</c>.</summary>
    internal sealed record LengthOf(Expr Sequence) : Expr
    {
        public override TypeRef Type => TypeRef.Int32;
    }

    /// <summary><c>this</c> of an instance method.</summary>
    internal sealed record ThisRef(TypeRef ThisType) : Expr
    {
        public override TypeRef Type => ThisType;
    }

    /// <summary>A field or property read, held constant: <see cref="Name"/> read from the receiver, or with no
    /// receiver a static member of <see cref="Owner"/> (an enum member among them).</summary>
    internal sealed record MemberRead(Expr? Receiver, string Name, TypeRef ResultType, TypeName? Owner = null) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    /// <summary>A call to a method GradGen does not differentiate; its arguments are all passive, so its
    /// result is a constant. <see cref="Method"/> is the method's identifier, called on the receiver or, with
    /// none, on <see cref="Owner"/>; <see cref="TypeArguments"/> are those of a generic method.
    /// <see cref="IsPure"/> marks methods known to have no effect (span slicing, Math, primitives), whose
    /// unused results may be dropped. <see cref="IsConstruction"/>: not a call but a new value of <see cref="ResultType"/>,
    /// <c>new T(args)</c>, or with <see cref="InitializedMembers"/>, <c>new T { M1 = arg1, ... }</c> (a model value passed
    /// whole to a call, built of its members).</summary>
    internal sealed record OpaqueCall(Expr? Receiver, TypeName? Owner, string Method, EquatableArray<TypeName> TypeArguments, EquatableArray<Expr> Args, TypeRef ResultType, bool IsPure = false) : Expr
    {
        public override TypeRef Type => ResultType;

        public bool IsConstruction { get; init; }

        public EquatableArray<string> InitializedMembers { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>A parameter of a differentiable callee, as its generated pullback sees it. <see cref="IsMember"/>: a double,
    /// float or array member of the model value passed just before it, passed on its own to the callee's memberwise
    /// derivatives (<see cref="DiffCall.Memberwise"/>); the call itself does not take it.</summary>
    internal sealed record CalleeParameter(string Name, TypeRef Type, bool IsDifferentiable, bool IsMember = false);

    /// <summary>A call to another <c>[Differentiable]</c> method; the reverse sweep calls its pullback, forward mode its pushforward.
    /// <see cref="Method"/> is the callee's identifier, called on the receiver or, for a static callee, on
    /// <see cref="Owner"/>. <see cref="TangentCanBeInfinite"/>: the callee's pushforward may return an infinite tangent where
    /// its value and its arguments' tangents are finite (its code, or code it calls, holds a function whose partial can be
    /// infinite, such as √x at 0); forward mode then never multiplies that tangent by a zero partial.</summary>
    internal sealed record DiffCall(Expr? Receiver, TypeName? Owner, string Method, EquatableArray<CalleeParameter> Parameters, EquatableArray<Expr> Args, TypeRef ResultType, bool TangentCanBeInfinite = true) : Expr
    {
        public override TypeRef Type => ResultType;

        /// <summary>The type arguments of a generic callee (<c>LogCosh&lt;T&gt;</c>), which its generated members take too.</summary>
        public EquatableArray<TypeName> TypeArguments { get; init; } = EquatableArray<TypeName>.Empty;

        /// <summary>The user's <c>[CustomPullback]</c> of the callee, which reverse mode calls instead of a generated pullback.</summary>
        public DerivativeMember? CustomPullback { get; init; }

        /// <summary>The user's <c>[CustomPushforward]</c> of the callee, which forward mode calls instead of a generated pushforward.</summary>
        public DerivativeMember? CustomPushforward { get; init; }

        /// <summary>The call passes model values (CONTRACT "Model types"): its derivatives call the callee's memberwise pullback
        /// and pushforward, which take each model value followed by its members (the <see cref="CalleeParameter.IsMember"/>
        /// arguments), so that the caller's member adjoints and tangents go in and out as they do for any other argument.</summary>
        public bool Memberwise { get; init; }

        /// <summary>The arguments the call itself takes (without the members of model values passed memberwise).</summary>
        public System.Collections.Generic.IEnumerable<Expr> CallArguments
        {
            get
            {
                for (int i = 0; i < Args.Count; i++)
                {
                    if (i >= Parameters.Count || !Parameters[i].IsMember) yield return Args[i];
                }
            }
        }
    }

    /// <summary>The method a derivative calls in place of a differentiable callee: with no <see cref="Owner"/>, a
    /// member of the callee's own receiver or type (its generated <c>FPullback</c>); otherwise a static method of
    /// <see cref="Owner"/> (where a custom derivative of the callee will live).</summary>
    internal sealed record DerivativeMember(TypeName? Owner, string Name);

    /// <summary><c>Gradients.WithoutDerivative(x)</c>: the value of x, held constant.</summary>
    internal sealed record StopGradient(Expr Operand) : Expr
    {
        public override TypeRef Type => Operand.Type;
    }

    /// <summary><c>new T[length]</c> (an array) or <c>stackalloc T[length]</c> (a span); of a jagged type,
    /// <c>new T[length][]</c> (rows to create); of a two-dimensional type, <c>new T[length, columns]</c>.</summary>
    internal sealed record NewArray(TypeRef ArrayType, Expr Length, bool IsStackalloc, Expr? Columns = null) : Expr
    {
        public override TypeRef Type => ArrayType;
    }

    /// <summary>Generated code only: the value on top of a tape, removed.</summary>
    internal sealed record TapePop(Variable Tape, TypeRef ResultType) : Expr
    {
        public override TypeRef Type => ResultType;
    }

    /// <summary>Generated code only: a pooled, zeroed buffer of the given length (an adjoint array).</summary>
    internal sealed record RentBuffer(Variable Owner, Expr Length) : Expr
    {
        public override TypeRef Type => Owner.Type;
    }
}
