-- +goose Up
-- drop index "payment_bank_cheque_number" from table: "payments"
DROP INDEX "payment_bank_cheque_number";
-- modify "payments" table
ALTER TABLE "payments" ADD COLUMN "cheque_key" character varying NULL;
-- create index "payment_cheque_key" to table: "payments"
CREATE UNIQUE INDEX "payment_cheque_key" ON "payments" ("cheque_key") WHERE (((method)::text = 'cheque'::text) AND ((kind)::text = 'payment'::text) AND active);

-- +goose Down
-- reverse: create index "payment_cheque_key" to table: "payments"
DROP INDEX "payment_cheque_key";
-- reverse: modify "payments" table
ALTER TABLE "payments" DROP COLUMN "cheque_key";
-- reverse: drop index "payment_bank_cheque_number" from table: "payments"
CREATE UNIQUE INDEX "payment_bank_cheque_number" ON "payments" ("bank", "cheque_number") WHERE (((method)::text = 'cheque'::text) AND ((kind)::text = 'payment'::text) AND active);
