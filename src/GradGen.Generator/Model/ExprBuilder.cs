using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    /// <summary>Builds IR expressions for derivative code, in the type of their operands.</summary>
    internal static class ExprBuilder
    {
        public static RealConst Real(double value, TypeRef type) => RealConst.Of(value, type.Scalar);

        public static Expr Add(Expr a, Expr b) => new Binary(BinaryOp.Add, a, b, a.Type);

        public static Expr Sub(Expr a, Expr b) => new Binary(BinaryOp.Subtract, a, b, a.Type);

        public static Expr Mul(Expr a, Expr b) => new Binary(BinaryOp.Multiply, a, b, a.Type.IsReal ? a.Type : b.Type);

        public static Expr Div(Expr a, Expr b) => new Binary(BinaryOp.Divide, a, b, a.Type.IsReal ? a.Type : b.Type);

        public static Expr Neg(Expr a) => new Unary(UnaryOp.Negate, a, a.Type);

        public static Expr Call(Intrinsic function, TypeRef type, params Expr[] args) =>
            new Call(function, new EquatableArray<Expr>(args), type);

        public static Expr Equal(Expr a, Expr b) => new Binary(BinaryOp.Equals, a, b, TypeRef.Boolean);

        public static Expr Less(Expr a, Expr b) => new Binary(BinaryOp.LessThan, a, b, TypeRef.Boolean);

        public static Expr LessOrEqual(Expr a, Expr b) => new Binary(BinaryOp.LessOrEqual, a, b, TypeRef.Boolean);

        public static Expr GreaterOrEqual(Expr a, Expr b) => new Binary(BinaryOp.GreaterOrEqual, a, b, TypeRef.Boolean);

        /// <summary>The negation of a condition: <c>!(a)</c>, a comparison of integers or booleans inverted, a
        /// negation removed. Comparisons of reals keep the <c>!</c>: <c>!(x &lt; y)</c> is not <c>x &gt;= y</c> for NaN.</summary>
        public static Expr Not(Expr condition) => condition switch
        {
            Unary { Op: UnaryOp.Not } not => not.Operand,
            Binary { Op: BinaryOp.Equals or BinaryOp.NotEquals or BinaryOp.LessThan or BinaryOp.LessOrEqual or BinaryOp.GreaterThan or BinaryOp.GreaterOrEqual } c
                when !c.Left.Type.IsReal && !c.Right.Type.IsReal => c with { Op = Inverse(c.Op) },
            _ => new Unary(UnaryOp.Not, condition, TypeRef.Boolean),
        };

        private static BinaryOp Inverse(BinaryOp comparison) => comparison switch
        {
            BinaryOp.Equals => BinaryOp.NotEquals,
            BinaryOp.NotEquals => BinaryOp.Equals,
            BinaryOp.LessThan => BinaryOp.GreaterOrEqual,
            BinaryOp.LessOrEqual => BinaryOp.GreaterThan,
            BinaryOp.GreaterThan => BinaryOp.LessOrEqual,
            _ => BinaryOp.LessThan,
        };

        public static Expr Select(Expr condition, Expr whenTrue, Expr whenFalse) =>
            new Conditional(condition, whenTrue, whenFalse, whenTrue.Type);

        /// <summary>An expression of the adjoint's type: a real value converted where the types differ.</summary>
        public static Expr As(Expr value, TypeRef type) =>
            value.Type == type ? value : new Cast(value, type, IsImplicit: value.Type.Scalar == ScalarKind.Float && type.Scalar == ScalarKind.Double);

        /// <summary>Whether a sum reads best as a subtraction: its leftmost term is negated.</summary>
        public static bool StartsWithNegation(Expr e) => e is Binary && LeftmostIsNegated(e);

        private static bool LeftmostIsNegated(Expr e) => e switch
        {
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Type.IsReal: true } sum => LeftmostIsNegated(sum.Left),
            Unary { Op: UnaryOp.Negate } => true,
            _ => false,
        };
    }
}
