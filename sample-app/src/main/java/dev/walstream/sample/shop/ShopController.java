package dev.walstream.sample.shop;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Place an order by hand and watch the listeners log it:
 *
 * <pre>
 * curl -H 'Content-Type: application/json' -d '{"customer":"Ada","quantities":{"TEA-ASSAM":2}}' localhost:8080/orders
 * curl localhost:8080/changes
 * </pre>
 *
 * @since 0.1.0
 */
@RestController
public class ShopController {

	private final OrderService orders;

	private final ChangeLog changes;

	public ShopController(OrderService orders, ChangeLog changes) {
		this.orders = orders;
		this.changes = changes;
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	PlacedOrder placeOrder(@RequestBody NewOrder order) {
		return new PlacedOrder(this.orders.placeOrder(order.customer(), order.quantities()));
	}

	@GetMapping("/changes")
	Changes changes() {
		return new Changes(this.changes.counts(), this.changes.recent());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	Map<String, String> rejected(IllegalArgumentException ex) {
		return Map.of("error", String.valueOf(ex.getMessage()));
	}

	/**
	 * An order to place.
	 * @param customer who orders
	 * @param quantities how many of each product, by SKU
	 */
	record NewOrder(String customer, Map<String, Integer> quantities) {
	}

	/**
	 * The order placed.
	 * @param id its id
	 */
	record PlacedOrder(long id) {
	}

	/**
	 * What the listeners have seen.
	 * @param counts changes per listener
	 * @param recent the last lines logged, oldest first
	 */
	record Changes(Map<String, Long> counts, List<String> recent) {
	}

}
