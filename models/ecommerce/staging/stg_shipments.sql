-- materialized: incremental
-- unique_key: shipment_id
-- changed_at: _loaded_at
-- One row per ShipStation shipment, its latest extract (no updated_at): a shipment is
-- exported again at an exception and at delivery. is_voided: the label was voided (bought
-- first, then replaced; it stays in the export as its own row): facts leave it out, or it
-- would count the order's shipment and cost twice. Voided labels stay here so that a label
-- voided after it was staged replaces its row (incremental by key, as the other dedups). ShipStation times are UTC; promisedDate is
-- the shop's local date; orderNumber (a string) becomes the order id.
WITH ranked AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY "shipmentId"
                              ORDER BY _loaded_at DESC, _source_file DESC,
                                       "deliveryDate" DESC NULLS LAST) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY "shipmentId") AS max_loaded_at
    FROM raw.shipstation_shipments s
    WHERE "shipmentId" IS NOT NULL
)
SELECT
    "shipmentId" AS shipment_id,
    CAST(nullif(trim("orderNumber"), '') AS bigint) AS order_id,
    lower("carrierCode") AS carrier,
    "serviceCode" AS service,
    "warehouseId" AS warehouse_id,
    "shipDate" AS ship_ts,
    "promisedDate" AS promised_date,
    "deliveryDate" AS delivered_ts,
    "shipTo.postalCode" AS destination_zip,
    "shipTo.state" AS destination_state,
    "shipmentCost" AS shipping_cost,
    "trackingNumber" AS tracking_number,
    coalesce(jsonb_array_length(exceptions), 0) AS exception_count,
    coalesce(voided, false) AS is_voided,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
