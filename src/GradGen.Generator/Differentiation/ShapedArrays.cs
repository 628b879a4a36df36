using System;
using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation
{
    /// <summary>Arrays that derivative code of every mode creates beside the user's.</summary>
    internal static class ShapedArrays
    {
        /// <summary>Statements that set <paramref name="target"/> to a new zeroed array shaped like <paramref name="like"/>
        /// (a jagged array with rows of the same lengths, or a two-dimensional array of the same dimensions);
        /// <paramref name="newVariable"/> makes the row counter.</summary>
        public static List<Stmt> AllocateLike(Variable target, Expr like, Func<string, TypeRef, Variable> newVariable)
        {
            var statements = new List<Stmt>();
            if (target.Type.Shape == Shape.Matrix)
            {
                Expr Dimension(int d) => new OpaqueCall(like, null, "GetLength", EquatableArray<TypeName>.Empty, new EquatableArray<Expr>(new Expr[] { new IntConst(d, ScalarKind.Int32) }), TypeRef.Int32, IsPure: true);
                statements.Add(new Assign(new VarRef(target), new NewArray(target.Type, Dimension(0), IsStackalloc: false, Dimension(1))));
                return statements;
            }

            statements.Add(new Assign(new VarRef(target), new NewArray(target.Type, new LengthOf(like), IsStackalloc: false)));
            Variable i = newVariable("_row", TypeRef.Int32);
            Expr row = new VarRef(i);
            statements.Add(new Loop(
                LoopForm.For,
                Block.Of(new Declare(i, new IntConst(0, ScalarKind.Int32))),
                new Binary(BinaryOp.LessThan, row, new LengthOf(new VarRef(target)), TypeRef.Boolean),
                Block.Of(new Assign(new ElementAccess(new VarRef(target), row), new NewArray(target.Type.Element, new LengthOf(new ElementAccess(like, row)), IsStackalloc: false))),
                Block.Of(new Assign(row, new Binary(BinaryOp.Add, row, new IntConst(1, ScalarKind.Int32), TypeRef.Int32)))));
            return statements;
        }
    }
}
